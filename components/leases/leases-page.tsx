'use client';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useCallback } from 'react';
import { leaseHex } from '@/lib/format/lease-id';
import { useClock } from '@/lib/hooks/use-clock';
import { useLeases } from '@/lib/hooks/use-leases';
import { useMe } from '@/lib/hooks/use-me';
import { Alert } from '../ui/alert';
import { DataTable } from '../ui/data-table';
import { PageTitle } from '../ui/page-title';
import { useLeaseColumns } from './lease-columns';
import { LeaseDetail } from './lease-detail';
import { LeasesFooter } from './leases-footer';

/** The leases with their countdown and keys, a page at a time; `?lease=<decimal id>` opens one beside the list. */
export function LeasesPage() {
  const t = useTranslations('leases');
  const { leases, total, more, loadingMore, loadMore, error, mutate } = useLeases();
  const { isAdmin } = useMe();
  const now = useClock();
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const wanted = params.get('lease');
  const selected = wanted && /^[1-9]\d{0,18}$/.test(wanted) ? wanted : null;
  const select = useCallback(
    (id: string | null) => router.replace(id ? `${pathname}?lease=${id}` : pathname, { scroll: false }),
    [router, pathname],
  );
  const columns = useLeaseColumns(now, select);

  return (
    <div>
      <PageTitle>{t('title')}</PageTitle>
      <p className="-mt-4 mb-6 text-sm text-zinc-600 dark:text-zinc-400">{t('intro')}</p>
      {error ? (
        <div className="mb-4">
          <Alert tone="error" testId="leases-error">
            {error.message}
          </Alert>
        </div>
      ) : null}
      <div className="flex flex-col gap-4 xl:flex-row xl:items-start">
        <DataTable
          className="min-w-0 flex-1"
          columns={columns}
          rows={leases}
          rowKey={(l) => l.id}
          rowProps={(l) => ({
            'data-testid': 'lease-row',
            'data-lease': leaseHex(l.id),
            'aria-selected': l.id === selected,
            onClick: () => select(l.id),
            className:
              'cursor-pointer hover:bg-zinc-50 aria-selected:bg-sky-50 dark:hover:bg-zinc-800/60 dark:aria-selected:bg-sky-950/60',
          })}
          testId="lease-table"
          // A caller that may not read everything can get a page without a lease it sees while more follow.
          empty={more ? t('emptySoFar') : t('empty')}
          emptyTestId={more ? undefined : 'leases-empty'}
          loading={error ? undefined : t('loading')}
          footer={
            <LeasesFooter
              leases={leases}
              total={total}
              more={more}
              loadingMore={loadingMore}
              loadMore={loadMore}
            />
          }
        />
        {selected ? (
          <div className="xl:sticky xl:top-20 xl:w-[28rem] xl:shrink-0">
            <LeaseDetail
              key={selected}
              id={selected}
              now={now}
              canChange={isAdmin}
              onClose={() => select(null)}
              onRevoked={() => {
                select(null);
                void mutate();
              }}
            />
          </div>
        ) : null}
      </div>
      {total !== null ? (
        <p className="mt-3 text-xs text-zinc-500 dark:text-zinc-400" data-testid="leases-total">
          {t('total', { count: total })}
        </p>
      ) : null}
    </div>
  );
}
