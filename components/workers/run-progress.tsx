'use client';
import { useTranslations } from 'next-intl';
import type { CommandSummary } from '@/lib/client/dispatch-api';
import { ProgressBar } from '../ui/progress-bar';
import { stateTone } from './state-badge';

type Run = CommandSummary['runs'][number];

/** What a bar shows: a finished success is full; otherwise the last reported percent. */
export function runPercent(run: Pick<Run, 'state' | 'percent'>): number | null {
  if (run.state === 'succeeded') return 100;
  if (run.percent !== null) return run.percent;
  return run.state === 'running' ? null : 0;
}

/** One bar per run (per worker for mode "all"), labelled with who runs it and what it last said. */
export function RunProgress({ command, compact = false }: { command: CommandSummary; compact?: boolean }) {
  const t = useTranslations('workers.commands');
  // Targets of a mode "all" command that have no run yet are still waiting for their worker.
  const pending = command.targets.filter((id) => !command.runs.some((r) => r.slot === id));
  if (command.runs.length === 0 && pending.length === 0) {
    return (
      <div className="flex flex-col gap-1" data-testid="run-progress" data-state="queued" data-percent="0">
        <ProgressBar percent={0} tone="gray" label={t('waiting')} />
        <span className="truncate text-xs text-zinc-500 dark:text-zinc-400">{t('waiting')}</span>
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-1.5">
      {command.runs.map((run) => {
        const percent = runPercent(run);
        const who = run.workerId ?? (run.state === 'queued' ? t('waiting') : t('anyWorker'));
        return (
          <div
            key={run.slot}
            className="flex min-w-0 flex-col gap-0.5"
            data-testid="run-progress"
            data-slot={run.slot}
            data-worker={run.workerId ?? ''}
            data-state={run.state}
            data-percent={percent ?? ''}
          >
            <div className="flex items-center gap-2">
              <ProgressBar
                percent={percent}
                tone={stateTone[run.state]}
                label={t('progressOf', { worker: who })}
              />
              <span className="w-10 shrink-0 text-right text-xs tabular-nums text-zinc-600 dark:text-zinc-400">
                {percent === null ? '…' : `${Math.round(percent)}%`}
              </span>
            </div>
            <div className="flex min-w-0 gap-1.5 text-xs text-zinc-500 dark:text-zinc-400">
              <span className={`shrink-0 ${run.workerId ? 'font-mono' : ''}`}>{who}</span>
              {!compact && (run.error?.message || run.message) ? (
                <span className="truncate" title={run.error?.message ?? run.message}>
                  · {run.error?.message ?? run.message}
                </span>
              ) : null}
            </div>
          </div>
        );
      })}
      {pending.map((id) => (
        <div
          key={id}
          className="flex flex-col gap-0.5"
          data-testid="run-progress"
          data-slot={id}
          data-worker={id}
          data-state="queued"
          data-percent="0"
        >
          <div className="flex items-center gap-2">
            <ProgressBar percent={0} tone="gray" label={t('progressOf', { worker: id })} />
            <span className="w-10 shrink-0 text-right text-xs tabular-nums text-zinc-500">0%</span>
          </div>
          <span className="font-mono text-xs text-zinc-500 dark:text-zinc-400">{id}</span>
        </div>
      ))}
    </div>
  );
}
