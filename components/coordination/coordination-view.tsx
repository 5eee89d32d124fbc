'use client';
// The Coordination page: every election, lock and Patroni leader found, live.
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { type CoordinationList, coordinationHref } from '@/lib/client/coordination-api';
import type { CoordinationEntry } from '@/lib/coordination/schemas';
import { Alert } from '../ui/alert';
import { PageTitle } from '../ui/page-title';
import { StatCard } from '../ui/stat-card';
import { ContenderLine, HeldFor, KindBadge } from './parts';
import { type Timed, useCoordinationList } from './use-coordination';

const th = 'px-4 py-2 font-medium whitespace-nowrap';

export function CoordinationView({ initial }: { initial?: Timed<CoordinationList> }) {
  const t = useTranslations('coordination');
  const { data, error } = useCoordinationList(initial);
  const entries = data?.entries ?? [];
  const waiting = entries.reduce((sum, e) => sum + e.waiters.length, 0);
  const leaderless = entries.filter((e) => !e.holder).length;
  return (
    <div>
      <PageTitle>{t('title')}</PageTitle>
      <p className="-mt-4 mb-6 max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">{t('intro')}</p>
      {error ? (
        <div className="mb-4">
          <Alert tone="error" title={t('unavailable')} testId="coordination-error">
            {error instanceof Error ? error.message : null}
          </Alert>
        </div>
      ) : null}
      {data ? (
        <>
          <div className="mb-6 grid grid-cols-2 gap-4 md:grid-cols-3">
            <StatCard label={t('stats.found')} value={entries.length} testId="stat-coordination" />
            <StatCard label={t('stats.waiting')} value={waiting} />
            <StatCard label={t('stats.noHolder')} value={leaderless} />
          </div>
          {data.truncated || data.pendingLeases > 0 ? (
            <div className="mb-4">
              <Alert tone="info">
                {data.truncated ? t('truncated') : t('pending', { count: data.pendingLeases })}
              </Alert>
            </div>
          ) : null}
          {entries.length === 0 ? (
            <p
              className="rounded-lg border border-dashed border-zinc-300 p-8 text-center text-sm text-zinc-500 dark:border-zinc-700"
              data-testid="coordination-empty"
            >
              {t('empty')}
            </p>
          ) : (
            <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
              <table className="w-full text-left text-sm" data-testid="coordination-table">
                <thead className="border-b border-zinc-200 text-xs text-zinc-500 uppercase dark:border-zinc-800 dark:text-zinc-400">
                  <tr>
                    <th className={th}>{t('col.prefix')}</th>
                    <th className={th}>{t('col.kind')}</th>
                    <th className={`${th} w-1/3`}>{t('col.holder')}</th>
                    <th className={th}>{t('col.heldFor')}</th>
                    <th className={`${th} w-1/3`}>{t('col.waiters')}</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((e) => (
                    <EntryRow key={`${e.kind}:${e.prefix}`} entry={e} receivedAt={data.receivedAt} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <p className="mt-3 text-xs text-zinc-500 dark:text-zinc-400">
            {t('atRevision', { revision: data.revision })}
          </p>
        </>
      ) : !error ? (
        <div className="h-40 animate-pulse rounded-lg bg-zinc-100 dark:bg-zinc-900" aria-busy="true" />
      ) : null}
    </div>
  );
}

function EntryRow({ entry: e, receivedAt }: { entry: CoordinationEntry; receivedAt: number }) {
  const t = useTranslations('coordination');
  const others =
    e.kind === 'patroni'
      ? (e.members ?? []).filter((m) => !m.key.endsWith(`/${e.holder?.value}`))
      : e.waiters;
  return (
    <tr
      data-testid="coordination-row"
      data-prefix={e.prefix}
      data-kind={e.kind}
      className="border-b border-zinc-100 align-top last:border-0 dark:border-zinc-800"
    >
      <td className="px-4 py-2.5">
        <Link
          href={coordinationHref(e.prefix, e.kind === 'patroni' ? 'patroni' : 'recipe')}
          data-testid="coordination-link"
          className="font-mono font-medium break-all text-sky-700 hover:underline dark:text-sky-400"
        >
          {e.prefix}
        </Link>
      </td>
      <td className="px-4 py-2.5">
        <KindBadge entry={e} />
      </td>
      <td className="px-4 py-2.5">
        {e.holder ? (
          <ContenderLine contender={e.holder} receivedAt={receivedAt} testId="holder" />
        ) : (
          <span className="text-red-700 dark:text-red-400">{t('noHolder')}</span>
        )}
      </td>
      <td className="px-4 py-2.5">
        <HeldFor since={e.heldSince} />
      </td>
      <td className="px-4 py-2.5">
        <ol className="flex flex-col gap-2" data-testid="waiters">
          {others.map((w, i) => (
            <li key={w.key} className="flex gap-2">
              <span className="w-5 shrink-0 text-right text-xs text-zinc-400 tabular-nums">
                {e.kind === 'patroni' ? '·' : `${i + 1}.`}
              </span>
              <div className="min-w-0 flex-1">
                <ContenderLine contender={w} receivedAt={receivedAt} testId="waiter" />
              </div>
            </li>
          ))}
        </ol>
        {others.length === 0 ? <span className="text-zinc-400">—</span> : null}
        {e.truncated ? (
          <p className="mt-1 text-xs text-zinc-500">{t('more', { count: e.contenders })}</p>
        ) : null}
      </td>
    </tr>
  );
}
