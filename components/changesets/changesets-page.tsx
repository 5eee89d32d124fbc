'use client';
// The change sets the caller may see, newest first, filtered by state; a new empty draft from here.
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { type ChangeSetSummary, changesetsApi } from '@/lib/client/changesets-api';
import { useMe } from '@/lib/hooks/use-me';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { Input, Select } from '../ui/input';
import { PageTitle } from '../ui/page-title';
import { StateBadge } from './state-badge';
import { useChangeSetList } from './use-changesets';

const STATES = ['', 'draft', 'approved', 'canary', 'partially-published', 'published', 'aborted', 'reverted'];

export function ChangeSetsPage() {
  const t = useTranslations('changesets');
  const ts = useTranslations('changesets.state');
  const router = useRouter();
  const { canOperate } = useMe();
  const [state, setState] = useState('');
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);
  const { list, error: loadError, isLoading } = useChangeSetList(state);
  async function create() {
    setError(null);
    try {
      const created = await changesetsApi.create(title.trim());
      router.push(`/changesets/${created.id}`);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }
  const rows = [...(list ?? [])].reverse();
  return (
    <div className="flex flex-col gap-4" data-testid="changesets-page">
      <PageTitle>{t('title')}</PageTitle>
      <p className="-mt-4 text-sm text-zinc-600 dark:text-zinc-400">{t('intro')}</p>
      <div className="flex flex-wrap items-center gap-2">
        <Select
          value={state}
          onChange={(e) => setState(e.target.value)}
          className="h-9"
          data-testid="state-filter"
        >
          {STATES.map((s) => (
            <option key={s} value={s}>
              {s ? ts(s) : t('allStates')}
            </option>
          ))}
        </Select>
        {canOperate ? (
          <>
            <Input
              value={title}
              onChange={(e) => setTitle(e.target.value)}
              placeholder={t('newTitle')}
              className="min-w-64"
              data-testid="new-changeset-title"
            />
            <Button variant="primary" disabled={title.trim() === ''} onClick={() => void create()}>
              {t('create')}
            </Button>
          </>
        ) : null}
      </div>
      {error || loadError ? <Alert tone="error">{error ?? loadError?.message}</Alert> : null}
      {isLoading ? <p className="text-sm text-zinc-500">{t('loading')}</p> : null}
      <Card as="ul" testId="changesets-list">
        {rows.map((c) => (
          <Row key={c.id} changeset={c} />
        ))}
        {list && rows.length === 0 ? <li className="p-4 text-sm text-zinc-500">{t('empty')}</li> : null}
      </Card>
    </div>
  );
}

function Row({ changeset: c }: { changeset: ChangeSetSummary }) {
  const t = useTranslations('changesets');
  return (
    <li className="flex flex-wrap items-center gap-3 border-b border-zinc-100 px-4 py-2 last:border-0 dark:border-zinc-800">
      <Link
        href={`/changesets/${c.id}`}
        className="font-medium text-sky-700 hover:underline dark:text-sky-300"
        data-testid="changeset-link"
      >
        {c.title}
      </Link>
      <StateBadge state={c.state} />
      <span className="text-xs text-zinc-500">
        {t('summary', { author: c.author, edits: c.edits, approvals: c.approvals })} ·{' '}
        {new Date(c.createdAt).toLocaleString()}
      </span>
    </li>
  );
}
