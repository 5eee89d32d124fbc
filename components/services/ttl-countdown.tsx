'use client';
import { useTranslations } from 'next-intl';
import { useClock } from '@/lib/hooks/use-clock';
import { secondsLeft } from '@/lib/registry/lease-time';

/** Seconds left on the lease, ticking down from the last answer until the next one refreshes it. */
export function TtlCountdown({
  lease,
  ttl,
  grantedTtl,
  receivedAt,
  expiring,
}: {
  lease: string | null;
  ttl: number | null;
  grantedTtl: number | null;
  receivedAt: number;
  expiring: boolean;
}) {
  const t = useTranslations('services.ttl');
  const now = useClock();
  if (!lease) {
    return (
      <span className="text-zinc-400 dark:text-zinc-500" title={t('noLeaseHint')}>
        {t('noLease')}
      </span>
    );
  }
  if (ttl === null) {
    return (
      <span data-testid="instance-ttl" data-ttl="0" className="font-medium text-red-600 dark:text-red-400">
        {t('expired')}
      </span>
    );
  }
  const left = secondsLeft(ttl, grantedTtl, now === null ? 0 : (now - receivedAt) / 1000);
  const share = grantedTtl ? Math.min(1, left / grantedTtl) : 0;
  return (
    <span
      className="inline-flex min-w-20 flex-col gap-1"
      title={grantedTtl ? t('of', { left, granted: grantedTtl }) : undefined}
    >
      <span className="tabular-nums">
        <span
          data-testid="instance-ttl"
          data-ttl={left}
          className={expiring ? 'font-semibold text-orange-700 dark:text-orange-300' : 'font-medium'}
        >
          {t('seconds', { count: left })}
        </span>
        {grantedTtl ? (
          <span className="text-xs text-zinc-500 dark:text-zinc-400">
            {' '}
            / {t('seconds', { count: grantedTtl })}
          </span>
        ) : null}
      </span>
      <span aria-hidden className="h-1 w-full overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800">
        <span
          className={`block h-full rounded-full transition-[width] duration-300 ${expiring ? 'bg-orange-500' : 'bg-emerald-500'}`}
          style={{ width: `${share * 100}%` }}
        />
      </span>
    </span>
  );
}
