'use client';
// One election, lock or Patroni cluster: holder, waiters in order, members, and recent handovers from history.
import { ArrowLeft, ArrowRight, KeyRound } from 'lucide-react';
import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import type { CoordinationKind } from '@/lib/client/coordination-api';
import type { Handover } from '@/lib/coordination/schemas';
import { Alert } from '../ui/alert';
import { PageTitle } from '../ui/page-title';
import { ContenderLine, ContenderValue, HeldFor, KindBadge } from './parts';
import { useCoordinationDetail } from './use-coordination';

const card = 'rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900';
const heading = 'mb-3 text-sm font-semibold text-zinc-700 dark:text-zinc-300';

export function CoordinationDetailView({ prefix, kind }: { prefix: string; kind: CoordinationKind }) {
  const t = useTranslations('coordination');
  const { data, error } = useCoordinationDetail(prefix, kind);
  const entry = data?.entry;
  const dir = `${prefix}/`;
  return (
    <div>
      <Link
        href="/coordination"
        className="mb-3 inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-800 dark:hover:text-zinc-200"
      >
        <ArrowLeft className="size-4" aria-hidden /> {t('title')}
      </Link>
      <PageTitle
        actions={
          <Link
            href={`/keys?prefix=${encodeURIComponent(dir)}`}
            className="inline-flex items-center gap-1 text-sm text-sky-700 hover:underline dark:text-sky-400"
          >
            <KeyRound className="size-4" aria-hidden /> {t('openKeys')}
          </Link>
        }
      >
        <span className="font-mono break-all" data-testid="coordination-title">
          {prefix}
        </span>
      </PageTitle>
      {error ? (
        <Alert tone="error" title={t('unavailable')} testId="coordination-error">
          {error instanceof Error ? error.message : null}
        </Alert>
      ) : null}
      {data && entry ? (
        <div className="grid gap-4 lg:grid-cols-2" data-testid="coordination-detail" data-kind={entry.kind}>
          <section className={card}>
            <h2 className={`${heading} flex items-center gap-2`}>
              {t('col.holder')} <KindBadge entry={entry} />
            </h2>
            {entry.holder ? (
              <>
                <ContenderLine contender={entry.holder} receivedAt={data.receivedAt} testId="holder" />
                <p className="mt-2 text-xs text-zinc-500">
                  {t('col.heldFor')}: <HeldFor since={entry.heldSince} />
                </p>
              </>
            ) : (
              <p className="text-red-700 dark:text-red-400">{t('noHolder')}</p>
            )}
          </section>
          <section className={card}>
            <h2 className={heading}>{entry.kind === 'patroni' ? t('members') : t('col.waiters')}</h2>
            <ol className="flex flex-col gap-3" data-testid="waiters">
              {(entry.kind === 'patroni' ? (entry.members ?? []) : entry.waiters).map((w) => (
                <li key={w.key}>
                  <ContenderLine contender={w} receivedAt={data.receivedAt} testId="waiter" />
                </li>
              ))}
            </ol>
            {entry.truncated ? (
              <p className="mt-2 text-xs text-zinc-500">{t('more', { count: entry.contenders })}</p>
            ) : null}
          </section>
          <section className={`${card} lg:col-span-2`}>
            <h2 className={heading}>{t('handovers.title')}</h2>
            <Handovers handovers={data.handovers} />
            <p className="mt-3 text-xs text-zinc-500 dark:text-zinc-400">
              {t('handovers.window', { from: data.history.fromRevision, to: data.history.toRevision })}
              {data.history.compacted ? ` ${t('handovers.compacted')}` : ''}
              {data.history.truncated ? ` ${t('handovers.truncated')}` : ''}
            </p>
          </section>
        </div>
      ) : !error ? (
        <div className="h-40 animate-pulse rounded-lg bg-zinc-100 dark:bg-zinc-900" aria-busy="true" />
      ) : null}
    </div>
  );
}

function Handovers({ handovers }: { handovers: Handover[] }) {
  const t = useTranslations('coordination.handovers');
  const format = useFormatter();
  if (handovers.length === 0) return <p className="text-sm text-zinc-500">{t('none')}</p>;
  return (
    <ol
      className="flex flex-col divide-y divide-zinc-100 text-sm dark:divide-zinc-800"
      data-testid="handovers"
    >
      {handovers.map((h) => (
        <li key={h.revision} className="flex flex-wrap items-center gap-3 py-2" data-testid="handover">
          <span className="w-24 shrink-0 font-mono text-xs text-zinc-500">
            {t('revision', { revision: h.revision })}
          </span>
          <span className="w-40 shrink-0 text-xs text-zinc-500">
            {h.at ? format.dateTime(new Date(h.at), { timeStyle: 'medium', dateStyle: 'short' }) : '—'}
          </span>
          <Side side={h.from} empty={t('nobody')} />
          <ArrowRight className="size-4 text-zinc-400" aria-hidden />
          <Side side={h.to} empty={t('nobody')} />
        </li>
      ))}
    </ol>
  );
}

function Side({ side, empty }: { side: Handover['from']; empty: string }) {
  if (!side) return <span className="text-zinc-400 italic">{empty}</span>;
  return (
    <span className="min-w-0" title={side.key}>
      <ContenderValue contender={{ ...side, ttl: null, grantedTtl: null }} />{' '}
      <span className="font-mono text-xs text-zinc-500">{side.leaseHex}</span>
    </span>
  );
}
