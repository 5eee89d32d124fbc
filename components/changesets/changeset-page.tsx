'use client';
// One change set: its actions and blockers, the three-way diff of every edit, the verdicts, the canary, history.
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { Alert } from '../ui/alert';
import { Card } from '../ui/card';
import { PageTitle } from '../ui/page-title';
import { CanaryPanel } from './canary-panel';
import { ChangeSetActions } from './changeset-actions';
import { EditDiff } from './edit-diff';
import { StateBadge } from './state-badge';
import { useChangeSet } from './use-changesets';
import { VerdictPanel } from './verdict-panel';

export function ChangeSetPage({ id }: { id: string }) {
  const t = useTranslations('changesets');
  const { changeset, review, canary, error, isLoading, refresh } = useChangeSet(id);
  if (error && !changeset) return <Alert tone="error">{error.message}</Alert>;
  if (isLoading || !changeset || !review) return <p className="text-sm text-zinc-500">{t('loading')}</p>;
  return (
    <div className="flex flex-col gap-4" data-testid="changeset-page">
      <div>
        <Link href="/changesets" className="text-xs text-sky-700 hover:underline dark:text-sky-300">
          {t('back')}
        </Link>
        <div className="flex flex-wrap items-center gap-2">
          <PageTitle>{changeset.title}</PageTitle>
          <StateBadge state={changeset.state} />
        </div>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          {t('byline', { author: changeset.author, at: new Date(changeset.createdAt).toLocaleString() })}
          {changeset.revertOf ? (
            <>
              {' · '}
              <Link href={`/changesets/${changeset.revertOf}`} className="text-sky-700 hover:underline">
                {t('revertOf')}
              </Link>
            </>
          ) : null}
        </p>
      </div>
      <ChangeSetActions changeset={changeset} review={review} onDone={refresh} />
      {changeset.publishedRevisions.length > 0 ? (
        <p className="text-sm" data-testid="published-revisions">
          {t('publishedAt', { revisions: changeset.publishedRevisions.map((s) => s.revision).join(', ') })}
        </p>
      ) : null}
      <ul className="flex flex-col gap-3" data-testid="changeset-edits">
        {review.edits.map((edit) => (
          <EditDiff key={`${edit.keyEncoding ?? ''}:${edit.key}`} edit={edit} />
        ))}
        {review.edits.length === 0 ? <li className="text-sm text-zinc-500">{t('noEdits')}</li> : null}
      </ul>
      <VerdictPanel changeset={changeset} onDone={refresh} />
      <CanaryPanel changeset={changeset} canary={canary} blockers={review.blockers} onDone={refresh} />
      <Card as="section" padded>
        <h2 className="mb-2 text-sm font-semibold">{t('history')}</h2>
        <ol
          className="flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400"
          data-testid="changeset-history"
        >
          {changeset.history.map((h) => (
            <li key={`${h.at}-${h.action}`}>
              {new Date(h.at).toLocaleString()} · {h.by} · {h.action}
              {h.detail ? ` — ${h.detail}` : ''}
            </li>
          ))}
        </ol>
      </Card>
    </div>
  );
}
