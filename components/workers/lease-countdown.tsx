'use client';
import { useTranslations } from 'next-intl';
import type { WorkerView } from '@/lib/dispatch/schemas';
import { formatDuration } from '@/lib/format/duration';
import { ProgressBar } from '../ui/progress-bar';

/** Seconds left on a worker's lease, counted down in the browser from the value read at `receivedAt`. */
export function leaseRemaining(worker: WorkerView, receivedAt: number | undefined, now: number | null) {
  if (worker.remainingTtlSeconds === null) return null;
  const elapsed = receivedAt && now !== null ? Math.max(0, (now - receivedAt) / 1000) : 0;
  return worker.remainingTtlSeconds - elapsed;
}

export function LeaseCountdown({
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
  const ttl = worker.ttlSeconds;
  if (remaining === null || ttl === null) {
    return <span className="text-xs text-zinc-500 dark:text-zinc-400">{t('noLease')}</span>;
  }
  // The lease read is whole seconds; the last keepalive was about (TTL − remaining) before it.
  const sinceBeat = Math.max(0, ttl - remaining);
  const overdue = remaining <= 0;
  return (
    <div
      className="flex flex-col gap-1"
      data-testid="worker-ttl"
      data-remaining={Math.max(0, Math.ceil(remaining))}
      data-overdue={overdue ? 'true' : 'false'}
    >
      <div className="flex items-baseline justify-between gap-2 text-xs">
        <span className={overdue ? 'font-medium text-amber-700 dark:text-amber-400' : ''}>
          {overdue ? t('overdue') : t('expiresIn', { seconds: Math.ceil(remaining) })}
        </span>
        <span className="text-zinc-500 dark:text-zinc-400">
          {t('heartbeat', { ago: formatDuration(sinceBeat * 1000) })} · {t('ttl', { seconds: ttl })}
        </span>
      </div>
      <ProgressBar
        percent={(100 * Math.max(0, remaining)) / ttl}
        tone={overdue ? 'amber' : 'green'}
        label={t('leaseLabel')}
        className="h-1"
      />
    </div>
  );
}
