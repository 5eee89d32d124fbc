'use client';
import { useTranslations } from 'next-intl';
import type { RunView } from '@/lib/dispatch/schemas';
import { Alert } from '../ui/alert';
import { Card } from '../ui/card';
import { ProgressBar } from '../ui/progress-bar';
import { JsonBlock } from './json-block';
import { runPercent } from './run-progress';
import { StateBadge, stateTone } from './state-badge';
import { Elapsed, Timestamp } from './time-text';

/** One worker's run of a command: who, state, progress, message, error and result. */
export function RunCard({ run, now, resultOpen }: { run: RunView; now: number | null; resultOpen: boolean }) {
  const t = useTranslations('workers.detail');
  const percent = runPercent(run);
  const finished = run.finishedAt !== null;
  return (
    <Card
      testId="run-row"
      data-slot={run.slot}
      data-worker={run.workerId ?? ''}
      data-state={run.state}
      data-percent={percent ?? ''}
      padded
      className="flex flex-col gap-2"
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
        <span className="font-mono font-semibold">{run.workerId ?? t('notClaimed')}</span>
        <StateBadge state={run.state} />
        {run.attempt > 0 ? (
          <span className="text-xs text-zinc-500">{t('attempt', { attempt: run.attempt })}</span>
        ) : null}
        <span className="ml-auto flex flex-wrap gap-x-3 text-xs text-zinc-500 dark:text-zinc-400">
          {run.claimedAt ? (
            <span>
              {t('claimedAt')} <Timestamp at={run.claimedAt} />
            </span>
          ) : null}
          {run.finishedAt ? (
            <span>
              {t('finishedAt')} <Timestamp at={run.finishedAt} />
            </span>
          ) : null}
          {run.claimedAt ? (
            <span>
              {t('ran')} <Elapsed from={run.claimedAt} to={run.finishedAt} now={now} />
            </span>
          ) : null}
        </span>
      </div>
      <div className="flex items-center gap-2">
        <ProgressBar percent={percent} tone={stateTone[run.state]} label={run.workerId ?? run.slot} />
        <span className="w-10 shrink-0 text-right text-xs tabular-nums text-zinc-600 dark:text-zinc-400">
          {percent === null ? '…' : `${Math.round(percent)}%`}
        </span>
      </div>
      {run.message ? (
        <div className="text-xs break-words text-zinc-600 dark:text-zinc-400">{run.message}</div>
      ) : null}
      {run.error ? (
        <Alert tone="error" testId="run-error">
          {run.error.code ? <span className="mr-1.5 font-mono text-xs">[{run.error.code}]</span> : null}
          {run.error.message}
        </Alert>
      ) : null}
      {finished && run.result !== null && run.result !== undefined ? (
        <details open={resultOpen}>
          <summary className="mb-1 cursor-pointer text-xs font-medium text-zinc-500 dark:text-zinc-400">
            {t('result')}
          </summary>
          <JsonBlock value={run.result} testId="run-result" />
        </details>
      ) : null}
    </Card>
  );
}
