'use client';
import { useTranslations } from 'next-intl';
import { leaseHex } from '@/lib/format/lease-id';
import type { LeaseRow } from '@/lib/hooks/use-leases';
import type { Column } from '../ui/data-table';
import { LeaseKeyLink } from './lease-key-link';
import { LeaseTtl } from './lease-ttl';

/** The lease table's columns: id (opens it), countdown, granted TTL, key count and a sample of its keys. */
export function useLeaseColumns(now: number | null, select: (id: string) => void): Column<LeaseRow>[] {
  const t = useTranslations('leases');
  return [
    {
      id: 'id',
      header: t('id'),
      cell: (l) => (
        <button
          type="button"
          onClick={(e) => {
            e.stopPropagation();
            select(l.id);
          }}
          className="rounded font-mono text-sky-700 hover:underline focus-visible:outline-2 focus-visible:outline-sky-500 dark:text-sky-400"
          data-testid="lease-open"
          aria-label={t('open', { id: leaseHex(l.id) })}
        >
          {leaseHex(l.id)}
        </button>
      ),
    },
    {
      id: 'remaining',
      header: t('remaining'),
      className: 'whitespace-nowrap',
      cell: (l) => <LeaseTtl ttl={l.ttl} grantedTtl={l.grantedTtl} receivedAt={l.receivedAt} now={now} />,
    },
    {
      id: 'granted',
      header: t('granted'),
      className: 'text-right whitespace-nowrap',
      cellClassName: 'tabular-nums',
      cell: (l) => t('seconds', { count: l.grantedTtl }),
    },
    {
      id: 'keys',
      header: t('keys'),
      className: 'text-right',
      cellClassName: 'tabular-nums',
      cellProps: () => ({ 'data-testid': 'lease-key-count' }),
      cell: (l) => l.keyCount.toLocaleString(),
    },
    {
      id: 'sample',
      header: t('sampleKeys'),
      cellClassName: 'max-w-md',
      cell: (l) => (
        <ul className="flex flex-col gap-0.5">
          {l.sampleKeys.map((k) => (
            <li key={`${k.encoding}:${k.key}`} className="flex min-w-0">
              <LeaseKeyLink item={k} />
            </li>
          ))}
          {l.keyCount > l.sampleKeys.length ? (
            <li className="text-xs text-zinc-500">
              {t('more', { count: l.keyCount - l.sampleKeys.length })}
            </li>
          ) : null}
        </ul>
      ),
    },
  ];
}
