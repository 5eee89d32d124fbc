'use client';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useEffect, useRef } from 'react';
import type { WorkersList } from '@/lib/client/dispatch-api';
import type { WorkerView } from '@/lib/dispatch/schemas';
import { useClock } from '@/lib/hooks/use-clock';
import { useWorkers } from '@/lib/hooks/use-dispatch';
import { Alert } from '../ui/alert';
import { Badge } from '../ui/badge';
import { Card } from '../ui/card';
import { ProgressBar } from '../ui/progress-bar';
import { StatusDot } from '../ui/status-dot';
import { LeaseCountdown, leaseRemaining } from './lease-countdown';
import { Elapsed, RelativeTime } from './time-text';

/** Every group's registered workers: lease countdown, capacity, handled types and the work they hold. */
export function WorkersPanel({ initial }: { initial?: WorkersList }) {
  const t = useTranslations('workers.workers');
  const { data, error, mutate } = useWorkers(initial);
  const now = useClock();
  const receivedAt = data && 'receivedAt' in data ? data.receivedAt : undefined;

  // Keepalives change no key. Look again once a renewal is due (a third of the TTL left), so the countdown is
  // refilled by each heartbeat and a dead worker's runs out visibly before its key disappears.
  const lastLook = useRef(0);
  useEffect(() => {
    if (!data || !receivedAt || now === null || now - lastLook.current < 1000) return;
    const due = data.groups.some((g) =>
      g.workers.some((w) => {
        const left = leaseRemaining(w, receivedAt, now);
        return left !== null && w.ttlSeconds !== null && left < w.ttlSeconds / 3;
      }),
    );
    if (due) {
      lastLook.current = now;
      void mutate();
    }
  }, [now, data, receivedAt, mutate]);

  if (error && !data) return <Alert tone="error">{error.message}</Alert>;
  if (!data) return <div className="text-sm text-zinc-500">{t('loading')}</div>;
  if (data.groups.length === 0) {
    return (
      <div
        data-testid="workers-empty"
        className="rounded-lg border border-dashed border-zinc-300 p-6 text-center text-sm text-zinc-500 dark:border-zinc-700 dark:text-zinc-400"
      >
        <div className="font-medium text-zinc-700 dark:text-zinc-300">{t('empty')}</div>
        <p className="mt-1">{t('emptyHint')}</p>
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-5">
      {error ? <Alert tone="warning">{error.message}</Alert> : null}
      {data.groups.map(({ group, workers }) => {
        const capacity = workers.reduce((n, w) => n + w.capacity, 0);
        const busy = workers.reduce((n, w) => n + w.running.length, 0);
        return (
          <div key={group} data-testid="worker-group" data-group={group}>
            <div className="mb-2 flex flex-wrap items-baseline gap-x-3 gap-y-1">
              <h3 className="font-mono text-sm font-semibold">{group}</h3>
              <span className="text-xs text-zinc-500 dark:text-zinc-400">
                {t('groupSummary', { count: workers.length, busy, capacity })}
              </span>
            </div>
            <ul className="grid grid-cols-1 gap-3 lg:grid-cols-2 2xl:grid-cols-3">
              {workers.map((w) => (
                <WorkerCard key={w.id} worker={w} receivedAt={receivedAt} now={now} />
              ))}
            </ul>
          </div>
        );
      })}
    </div>
  );
}

function WorkerCard({
  worker,
  receivedAt,
  now,
}: {
  worker: WorkerView;
  receivedAt: number | undefined;
  now: number | null;
}) {
  const t = useTranslations('workers.workers');
  const remaining = leaseRemaining(worker, receivedAt, now);
  const overdue = remaining !== null && remaining <= 0;
  return (
    <Card
      as="li"
      padded
      data-testid="worker-row"
      data-worker={worker.id}
      data-running={worker.running.length}
      className="flex flex-col gap-3"
    >
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <div className="flex items-center gap-2">
            <StatusDot tone={overdue ? 'amber' : 'green'} />
            <span className="truncate font-mono text-sm font-semibold" title={worker.id}>
              {worker.id}
            </span>
          </div>
          <div className="mt-0.5 truncate text-xs text-zinc-500 dark:text-zinc-400">
            {worker.hostname}
            {worker.pid !== null ? ` · pid ${worker.pid}` : ''}
            {worker.version ? ` · v${worker.version}` : ''} · {t('started')}{' '}
            <RelativeTime at={worker.startedAt} now={now} />
          </div>
        </div>
        <div className="shrink-0 text-right text-xs text-zinc-600 dark:text-zinc-400">
          <div>{t('capacity', { busy: worker.running.length, capacity: worker.capacity })}</div>
          <div className="mt-1 flex justify-end gap-0.5" aria-hidden>
            {Array.from({ length: Math.min(worker.capacity, 16) }, (_, i) => (
              <span
                key={i}
                className={`h-2 w-3 rounded-sm ${i < worker.running.length ? 'bg-sky-500 dark:bg-sky-400' : 'bg-zinc-200 dark:bg-zinc-700'}`}
              />
            ))}
          </div>
        </div>
      </div>
      <LeaseCountdown worker={worker} receivedAt={receivedAt} now={now} />
      <div className="flex flex-wrap items-center gap-1">
        <span className="mr-1 text-xs text-zinc-500 dark:text-zinc-400">{t('types')}</span>
        {worker.types.length === 0 ? (
          <Badge>{t('anyType')}</Badge>
        ) : (
          worker.types.map((type) => (
            <Badge key={type} tone="violet">
              {type}
            </Badge>
          ))
        )}
      </div>
      {worker.running.length === 0 ? (
        <div className="text-xs text-zinc-500 dark:text-zinc-400">{t('idle')}</div>
      ) : (
        <ul className="flex flex-col gap-2 border-t border-zinc-100 pt-3 dark:border-zinc-800">
          {worker.running.map((run) => (
            <li
              key={`${run.commandId}/${run.slot}`}
              className="flex flex-col gap-1"
              data-testid="worker-run"
              data-command={run.commandId}
              data-percent={run.percent ?? ''}
            >
              <div className="flex items-baseline justify-between gap-2 text-xs">
                <span className="min-w-0 truncate">
                  <Link
                    href={`/workers/commands/${encodeURIComponent(run.commandId)}`}
                    className="font-mono text-sky-700 hover:underline dark:text-sky-400"
                  >
                    {run.commandId}
                  </Link>{' '}
                  <span className="text-zinc-600 dark:text-zinc-300">{run.type}</span>
                  {run.attempt > 1 ? (
                    <span className="text-zinc-500"> · {t('attempt', { attempt: run.attempt })}</span>
                  ) : null}
                </span>
                <span className="shrink-0 text-zinc-500 dark:text-zinc-400">
                  <Elapsed from={run.since} to={null} now={now} />
                </span>
              </div>
              <div className="flex items-center gap-2">
                <ProgressBar percent={run.percent} label={t('progressOf', { command: run.commandId })} />
                <span className="w-10 shrink-0 text-right text-xs tabular-nums text-zinc-600 dark:text-zinc-400">
                  {run.percent === null ? '…' : `${Math.round(run.percent)}%`}
                </span>
              </div>
              {run.message ? (
                <div className="truncate text-xs text-zinc-500 dark:text-zinc-400" title={run.message}>
                  {run.message}
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
