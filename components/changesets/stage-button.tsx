'use client';
// "Stage in change set" beside Save in the key editor: the edit goes into a chosen draft (or a new one) with the
// key's mod_revision the editor started from as its base, instead of being written.
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import useSWR from 'swr';
import { type ChangeSetList, changesetsApi, changesetsKeys } from '@/lib/client/changesets-api';
import { swrFetcher } from '@/lib/client/fetcher';
import type { KeyRef } from '@/lib/client/kv-api';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { Input, Select } from '../ui/input';

type Payload = {
  value: string;
  valueEncoding: 'utf8' | 'base64';
  format?: 'json' | 'yaml' | 'toml' | 'text';
};

type Props = {
  refKey: KeyRef;
  baseModRevision: number;
  disabled: boolean;
  /** The editor's draft, checked as Save checks it; null: not valid (the editor shows why). */
  payload: () => Payload | null;
};

const NEW = '__new__';

export function StageButton({ refKey, baseModRevision, disabled, payload }: Props) {
  const t = useTranslations('changesets.stage');
  const [open, setOpen] = useState(false);
  const [target, setTarget] = useState(NEW);
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [staged, setStaged] = useState<{ id: string; title: string } | null>(null);
  const { data } = useSWR<ChangeSetList>(
    open ? `${changesetsKeys.list}?state=draft&limit=500` : null,
    swrFetcher,
  );
  const drafts = [...(data?.changesets ?? [])].reverse();
  async function stage() {
    const checked = payload();
    if (!checked) return setOpen(false);
    setError(null);
    const edit = { ...refKey, ...checked, baseModRevision };
    try {
      const set =
        target === NEW
          ? await changesetsApi.create(title.trim(), [edit])
          : await changesetsApi.update(target, { put: [edit] });
      setStaged({ id: set.id, title: set.title });
      setOpen(false);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }
  return (
    <>
      {staged ? (
        <Link
          href={`/changesets/${staged.id}`}
          className="text-xs text-sky-700 hover:underline"
          data-testid="staged-link"
        >
          {t('staged', { title: staged.title })}
        </Link>
      ) : null}
      <Button onClick={() => setOpen(true)} disabled={disabled} data-testid="stage-key">
        {t('button')}
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title={t('title')}
        testId="stage-dialog"
        footer={
          <Button
            variant="primary"
            disabled={target === NEW && title.trim() === ''}
            onClick={() => void stage()}
            data-testid="stage-confirm"
          >
            {t('confirm')}
          </Button>
        }
      >
        <p className="mb-3 text-zinc-600 dark:text-zinc-400">{t('intro', { revision: baseModRevision })}</p>
        <Select
          value={target}
          onChange={(e) => setTarget(e.target.value)}
          className="mb-2 w-full"
          data-testid="stage-target"
        >
          <option value={NEW}>{t('newSet')}</option>
          {drafts.map((d) => (
            <option key={d.id} value={d.id}>
              {d.title} ({d.edits})
            </option>
          ))}
        </Select>
        {target === NEW ? (
          <Input
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            placeholder={t('titlePlaceholder')}
            className="w-full"
            data-testid="stage-title"
            autoFocus
          />
        ) : null}
        {error ? <p className="mt-2 text-sm text-red-700 dark:text-red-300">{error}</p> : null}
      </Dialog>
    </>
  );
}
