'use client';
// The set's actions: Rebase (when keys moved), Publish (disabled with the review's blockers as the reason),
// Revert (published sets), Discard (nothing published).
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { type ChangeSetAnswer, changesetsApi, type ReviewAnswer } from '@/lib/client/changesets-api';
import { useAction } from '@/lib/hooks/use-action';
import { useMe } from '@/lib/hooks/use-me';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';

type Props = { changeset: ChangeSetAnswer; review: ReviewAnswer; onDone: () => void };

export function ChangeSetActions({ changeset, review, onDone }: Props) {
  const t = useTranslations('changesets');
  const router = useRouter();
  const { canOperate } = useMe();
  const { act, busy, error } = useAction(onDone);
  const { id, modRevision, state } = changeset;
  const publishable = review.blockers.length === 0 && canOperate;
  const published = state === 'published' || state === 'partially-published';
  const discardable = state === 'draft' || state === 'approved' || state === 'aborted';
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-2">
        {review.conflicts.length > 0 && state !== 'canary' ? (
          <Button
            disabled={busy || !canOperate}
            onClick={() => void act(() => changesetsApi.rebase(id, modRevision))}
            data-testid="rebase"
          >
            {t('rebase')}
          </Button>
        ) : null}
        {state !== 'canary' && !published ? (
          <Button
            variant="primary"
            disabled={busy || !publishable}
            title={review.blockers.join(' ') || undefined}
            onClick={() => void act(() => changesetsApi.publish(id, modRevision))}
            data-testid="publish"
          >
            {review.steps > 1 ? t('publishSteps', { steps: review.steps }) : t('publish')}
          </Button>
        ) : null}
        {published && !changeset.revertedBy ? (
          <Button
            disabled={busy || !canOperate}
            onClick={() =>
              void act(async () => {
                const revert = await changesetsApi.revert(id, modRevision);
                router.push(`/changesets/${revert.id}`);
              })
            }
            data-testid="revert"
          >
            {t('revert')}
          </Button>
        ) : null}
        {discardable ? (
          <Button
            variant="ghost"
            disabled={busy || !canOperate}
            onClick={() =>
              void act(async () => {
                await changesetsApi.discard(id, modRevision);
                router.push('/changesets');
              })
            }
            data-testid="discard"
          >
            {t('discard')}
          </Button>
        ) : null}
      </div>
      {review.blockers.length > 0 && state !== 'published' ? (
        <Alert tone="warning" title={t('blockersTitle')} testId="publish-blockers">
          <ul className="list-disc pl-5">
            {review.blockers.map((b) => (
              <li key={b}>{b}</li>
            ))}
          </ul>
        </Alert>
      ) : null}
      {review.steps > 1 ? (
        <Alert tone="info" title={t('stepsTitle', { steps: review.steps })} testId="publish-steps">
          {t('stepsBody')}
        </Alert>
      ) : null}
      {error ? (
        <Alert tone="error" testId="changeset-error">
          {error}
        </Alert>
      ) : null}
    </div>
  );
}
