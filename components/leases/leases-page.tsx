'use client';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useCallback } from 'react';
import { leaseHex } from '@/lib/format/lease-id';
import { useClock } from '@/lib/hooks/use-clock';
import { useLeases } from '@/lib/hooks/use-leases';
import { useMe } from '@/lib/hooks/use-me';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { PageTitle } from '../ui/page-title';
import { LeaseDetail } from './lease-detail';
import { LeaseKeyLink } from './lease-key-link';
import { LeaseTtl } from './lease-ttl';

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
        <div className="min-w-0 flex-1 overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <table className="w-full text-left text-sm" data-testid="lease-table">
            <thead className="bg-zinc-50 text-xs text-zinc-500 uppercase dark:bg-zinc-950 dark:text-zinc-400">
              <tr>
                <th className="px-3 py-2 font-medium">{t('id')}</th>
                <th className="px-3 py-2 font-medium whitespace-nowrap">{t('remaining')}</th>
                <th className="px-3 py-2 text-right font-medium whitespace-nowrap">{t('granted')}</th>
                <th className="px-3 py-2 text-right font-medium">{t('keys')}</th>
                <th className="px-3 py-2 font-medium">{t('sampleKeys')}</th>
              </tr>
            </thead>
            <tbody>
              {leases?.map((l) => {
                const active = l.id === selected;
                return (
                  <tr
                    key={l.id}
                    data-testid="lease-row"
                    data-lease={leaseHex(l.id)}
                    aria-selected={active}
                    onClick={() => select(l.id)}
                    className="cursor-pointer border-t border-zinc-100 align-top hover:bg-zinc-50 aria-selected:bg-sky-50 dark:border-zinc-800 dark:hover:bg-zinc-800/60 dark:aria-selected:bg-sky-950/60"
                  >
                    <td className="px-3 py-2">
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
                    </td>
                    <td className="px-3 py-2">
                      <LeaseTtl ttl={l.ttl} grantedTtl={l.grantedTtl} receivedAt={l.receivedAt} now={now} />
                    </td>
                    <td className="px-3 py-2 text-right whitespace-nowrap tabular-nums">
                      {t('seconds', { count: l.grantedTtl })}
                    </td>
                    <td className="px-3 py-2 text-right tabular-nums" data-testid="lease-key-count">
                      {l.keyCount.toLocaleString()}
                    </td>
                    <td className="max-w-md px-3 py-2">
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
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {leases?.length === 0 && !more ? (
            <div className="px-3 py-6 text-center text-sm text-zinc-500" data-testid="leases-empty">
              {t('empty')}
            </div>
          ) : null}
          {/* A caller that may not read everything can get a page without a lease it sees while more follow. */}
          {leases?.length === 0 && more ? (
            <div className="px-3 py-6 text-center text-sm text-zinc-500">{t('emptySoFar')}</div>
          ) : null}
          {!leases && !error ? <div className="px-3 py-6 text-sm text-zinc-500">{t('loading')}</div> : null}
          {leases && (more || (total !== null && total > leases.length)) ? (
            <div className="flex flex-wrap items-center justify-between gap-2 border-t border-zinc-100 px-3 py-2 text-xs text-zinc-500 dark:border-zinc-800">
              <span data-testid="leases-shown">
                {total !== null
                  ? t('partial', { shown: leases.length, total })
                  : t('shownMore', { count: leases.length })}
              </span>
              {more ? (
                <Button
                  size="sm"
                  onClick={() => void loadMore()}
                  disabled={loadingMore}
                  data-testid="leases-more"
                >
                  {loadingMore ? t('loading') : t('showMore')}
                </Button>
              ) : null}
            </div>
          ) : null}
        </div>
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
