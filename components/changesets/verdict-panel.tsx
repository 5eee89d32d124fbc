'use client';
// Approvals and rejections with their comments, and the reviewer's buttons: disabled with the reason when the
// caller may not give a verdict (the author, login off, a read-only role, a set past review).
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { type ChangeSetAnswer, changesetsApi } from '@/lib/client/changesets-api';
import { useAction } from '@/lib/hooks/use-action';
import { useMe } from '@/lib/hooks/use-me';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { Input } from '../ui/input';

/** Why the caller may not approve, and why not reject (null: they may). */
function useVerdictBlocks(changeset: ChangeSetAnswer): { approve: string | null; reject: string | null } {
  const t = useTranslations('changesets');
  const { me, canOperate } = useMe();
  let common: string | null = null;
  if (changeset.state !== 'draft' && changeset.state !== 'approved') common = t('verdictClosed');
  else if (!canOperate) common = t('verdictRole');
  if (common) return { approve: common, reject: common };
  if (me?.mode === 'none') return { approve: t('verdictLoginOff'), reject: null };
  if (me?.user?.via === 'token') return { approve: t('verdictToken'), reject: null };
  if (me?.user?.name === changeset.author) return { approve: t('verdictAuthor'), reject: null };
  return { approve: null, reject: null };
}

export function VerdictPanel({ changeset, onDone }: { changeset: ChangeSetAnswer; onDone: () => void }) {
  const t = useTranslations('changesets');
  const [comment, setComment] = useState('');
  const { act, busy, error } = useAction(onDone);
  const blocks = useVerdictBlocks(changeset);
  const block = blocks.approve ?? blocks.reject;
  async function give(kind: 'approve' | 'reject') {
    if (await act(() => changesetsApi[kind](changeset.id, comment, changeset.modRevision))) setComment('');
  }
  const verdicts = [
    ...changeset.approvals.map((v) => ({ ...v, kind: 'approved' as const })),
    ...changeset.rejections.map((v) => ({ ...v, kind: 'rejected' as const })),
  ];
  return (
    <Card as="section" padded testId="verdict-panel">
      <h2 className="mb-2 text-sm font-semibold">
        {t('verdicts', { given: changeset.approvals.length, required: changeset.requiredApprovals })}
      </h2>
      <ul className="mb-3 flex flex-col gap-1 text-sm">
        {verdicts.map((v) => (
          <li key={`${v.kind}-${v.by}`} data-testid={`verdict-${v.kind}`}>
            <span
              className={v.kind === 'approved' ? 'text-emerald-700 dark:text-emerald-300' : 'text-red-700'}
            >
              {t(v.kind, { by: v.by })}
            </span>
            <span className="text-zinc-600 dark:text-zinc-400"> — {v.comment}</span>
          </li>
        ))}
        {verdicts.length === 0 ? <li className="text-zinc-500">{t('noVerdicts')}</li> : null}
      </ul>
      <div className="flex flex-wrap items-center gap-2">
        <Input
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          placeholder={t('commentPlaceholder')}
          disabled={blocks.approve !== null && blocks.reject !== null}
          className="min-w-64 flex-1"
          data-testid="verdict-comment"
        />
        <Button
          variant="primary"
          disabled={blocks.approve !== null || busy || comment.trim() === ''}
          onClick={() => void give('approve')}
          title={blocks.approve ?? undefined}
          data-testid="approve"
        >
          {t('approve')}
        </Button>
        <Button
          variant="danger"
          disabled={blocks.reject !== null || busy || comment.trim() === ''}
          onClick={() => void give('reject')}
          title={blocks.reject ?? undefined}
          data-testid="reject"
        >
          {t('reject')}
        </Button>
      </div>
      {block ? (
        <p className="mt-2 text-xs text-zinc-500" data-testid="verdict-blocked">
          {block}
        </p>
      ) : null}
      {error ? <p className="mt-2 text-sm text-red-700 dark:text-red-300">{error}</p> : null}
    </Card>
  );
}
