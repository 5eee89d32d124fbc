'use client';
import { useTranslations } from 'next-intl';
import type { LeaseRow } from '@/lib/hooks/use-leases';
import { Button } from '../ui/button';

/** Under the lease table: how many are shown out of how many, and the next page. */
export function LeasesFooter({
  leases,
  total,
  more,
  loadingMore,
  loadMore,
}: {
  leases: LeaseRow[] | undefined;
  total: number | null;
  more: boolean;
  loadingMore: boolean;
  loadMore: () => unknown;
}) {
  const t = useTranslations('leases');
  if (!leases || !(more || (total !== null && total > leases.length))) return null;
  return (
    <div className="flex flex-wrap items-center justify-between gap-2 border-t border-zinc-100 px-3 py-2 text-xs text-zinc-500 dark:border-zinc-800">
      <span data-testid="leases-shown">
        {total !== null
          ? t('partial', { shown: leases.length, total })
          : t('shownMore', { count: leases.length })}
      </span>
      {more ? (
        <Button size="sm" onClick={() => void loadMore()} disabled={loadingMore} data-testid="leases-more">
          {loadingMore ? t('loading') : t('showMore')}
        </Button>
      ) : null}
    </div>
  );
}
