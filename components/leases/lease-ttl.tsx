'use client';
import { useTranslations } from 'next-intl';

/** Seconds left of a lease, counting down between refetches, with a bar of what is left of the granted TTL. */
export function LeaseTtl({
  ttl,
  grantedTtl,
  receivedAt,
  now,
}: {
  ttl: number;
  grantedTtl: number;
  receivedAt: number;
  /** null until hydrated: the TTL as read. */
  now: number | null;
}) {
  const t = useTranslations('leases');
  const elapsed = now === null ? 0 : Math.max(0, now - receivedAt);
  const left = Math.max(0, ttl - Math.floor(elapsed / 1000));
  const share = grantedTtl > 0 ? Math.min(1, left / grantedTtl) : 0;
  const tone = left === 0 ? 'bg-red-500' : share < 0.2 ? 'bg-amber-500' : 'bg-emerald-500';
  return (
    <span className="flex min-w-24 flex-col gap-1">
      <span className="whitespace-nowrap tabular-nums" data-testid="lease-ttl">
        {left === 0 ? t('expiring') : t('seconds', { count: left })}
      </span>
      <span className="h-1 w-full overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800" aria-hidden>
        <span className={`block h-full ${tone}`} style={{ width: `${share * 100}%` }} />
      </span>
    </span>
  );
}
