'use client';
// Canary: choose subscriber instances (or a share of an app), then follow each one's acknowledgement, errors and
// health, and promote or abort. Nothing promotes by itself: the panel says how long the set has been in canary.
import { useTranslations } from 'next-intl';
import { type CanaryAnswer, type ChangeSetAnswer, changesetsApi } from '@/lib/client/changesets-api';
import { useAction } from '@/lib/hooks/use-action';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { CanaryChooser } from './canary-chooser';
import { CanaryInstances } from './canary-instances';

type Props = {
  changeset: ChangeSetAnswer;
  canary: CanaryAnswer | undefined;
  blockers: string[];
  onDone: () => void;
};

function minutes(ms: number): number {
  return Math.floor(ms / 60_000);
}

export function CanaryPanel({ changeset, canary, blockers, onDone }: Props) {
  const t = useTranslations('changesets.canary');
  const { act, busy, error } = useAction(onDone);
  const running = changeset.state === 'canary';
  const canStart = changeset.state === 'draft' || changeset.state === 'approved';
  if (!canary || (!running && !changeset.canary && (!canStart || canary.candidates.length === 0)))
    return null;
  return (
    <Card as="section" padded testId="canary-panel">
      <h2 className="mb-1 text-sm font-semibold">{t('title')}</h2>
      <p className="mb-3 text-xs text-zinc-500">{t('intro')}</p>
      {running && canary.inCanaryMs !== null ? (
        <p className="mb-2 text-sm" data-testid="canary-age">
          {t('age', { minutes: minutes(canary.inCanaryMs) })}
        </p>
      ) : null}
      {changeset.canary?.outcome ? (
        <p className="mb-2 text-sm" data-testid="canary-outcome">
          {t(`outcome.${changeset.canary.outcome}`)}
        </p>
      ) : null}
      {canary.instances.length > 0 ? <CanaryInstances instances={canary.instances} /> : null}
      {running ? (
        <div className="mt-3 flex gap-2">
          <Button
            variant="primary"
            disabled={busy}
            onClick={() => void act(() => changesetsApi.promote(changeset.id, changeset.modRevision))}
            data-testid="canary-promote"
          >
            {t('promote')}
          </Button>
          <Button
            variant="danger"
            disabled={busy}
            onClick={() => void act(() => changesetsApi.abort(changeset.id, changeset.modRevision))}
            data-testid="canary-abort"
          >
            {t('abort')}
          </Button>
        </div>
      ) : null}
      {canStart ? (
        <CanaryChooser
          candidates={canary.candidates}
          blockers={blockers}
          busy={busy}
          onStart={(body) =>
            void act(() =>
              changesetsApi.canary(changeset.id, { ...body, expectedModRevision: changeset.modRevision }),
            )
          }
        />
      ) : null}
      {error ? (
        <p className="mt-2 text-sm text-red-700 dark:text-red-300" data-testid="canary-error">
          {error}
        </p>
      ) : null}
    </Card>
  );
}
