'use client';
import { ChevronRight, Search } from 'lucide-react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useDeferredValue, useState } from 'react';
import { useServices } from '@/lib/hooks/use-services';
import type { ServiceList } from '@/lib/registry/schemas';
import { Alert } from '../ui/alert';
import { Input } from '../ui/input';
import { PageTitle } from '../ui/page-title';
import { StatCard } from '../ui/stat-card';
import { ExpiringBadge } from './instance-status';

type Summary = ServiceList['services'][number];

const th = 'px-4 py-2 font-medium whitespace-nowrap';

export function ServicesView({ initial }: { initial?: ServiceList }) {
  const t = useTranslations('services');
  const { data, error } = useServices(initial);
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query.trim().toLowerCase());
  const services = data?.services ?? [];
  const shown = deferred ? services.filter((s) => s.name.toLowerCase().includes(deferred)) : services;
  const total = services.reduce(
    (sum, s) => ({
      instances: sum.instances + s.instances,
      up: sum.up + s.up,
      draining: sum.draining + s.draining,
      expiring: sum.expiring + (s.expiring ?? 0),
    }),
    { instances: 0, up: 0, draining: 0, expiring: 0 },
  );

  return (
    <div>
      <PageTitle
        actions={
          <div className="relative">
            <Search
              className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-zinc-400"
              aria-hidden
            />
            <Input
              type="search"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              placeholder={t('list.search')}
              aria-label={t('list.search')}
              data-testid="services-search"
              className="w-64 pl-8"
            />
          </div>
        }
      >
        {t('title')}
      </PageTitle>

      {error ? (
        <div className="mb-4">
          <Alert tone="error" title={t('unavailable')} testId="services-error">
            {error instanceof Error ? error.message : null}
          </Alert>
        </div>
      ) : null}

      {data ? (
        <>
          <div className="mb-6 grid grid-cols-2 gap-4 md:grid-cols-5">
            <StatCard label={t('list.services')} value={services.length} testId="stat-services" />
            <StatCard label={t('list.instances')} value={total.instances} testId="stat-service-instances" />
            <StatCard label={t('list.up')} value={total.up} />
            <StatCard label={t('list.draining')} value={total.draining} />
            <StatCard
              label={t('list.expiring')}
              value={data.ttlChecked === false ? '—' : total.expiring}
              hint={data.ttlChecked === false ? t('list.ttlNotChecked') : undefined}
            />
          </div>
          {services.length === 0 ? (
            <EmptyRegistry />
          ) : (
            <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
              <table className="w-full text-left text-sm" data-testid="services-table">
                <thead className="border-b border-zinc-200 text-xs text-zinc-500 uppercase dark:border-zinc-800 dark:text-zinc-400">
                  <tr>
                    <th className={th}>{t('list.service')}</th>
                    <th className={`${th} w-28 text-right`}>{t('list.instances')}</th>
                    <th className={`${th} w-28 text-right`}>{t('list.up')}</th>
                    <th className={`${th} w-28 text-right`}>{t('list.draining')}</th>
                    <th className={`${th} w-1/4`}>{t('list.health')}</th>
                    <th className={`${th} w-56`}>
                      <span className="sr-only">{t('list.flags')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((s) => (
                    <ServiceRow key={s.name} service={s} />
                  ))}
                </tbody>
              </table>
              {shown.length === 0 ? (
                <p
                  className="px-4 py-6 text-center text-sm text-zinc-500 dark:text-zinc-400"
                  data-testid="no-match"
                >
                  {t('list.noMatch', { query: query.trim() })}
                </p>
              ) : null}
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

function ServiceRow({ service: s }: { service: Summary }) {
  const t = useTranslations('services');
  const href = `/services/${encodeURIComponent(s.name)}`;
  const noneUp = s.instances > 0 && s.up === 0;
  return (
    <tr
      data-testid={`service-row-${s.name}`}
      data-instances={s.instances}
      data-up={s.up}
      data-draining={s.draining}
      className="group relative border-b border-zinc-100 last:border-0 hover:bg-zinc-50 dark:border-zinc-800 dark:hover:bg-zinc-800/40"
    >
      <td className="px-4 py-2.5">
        {/* The link covers the whole row (after:inset-0) while the row stays a plain table row for readers. */}
        <Link
          href={href}
          data-testid="service-link"
          className="font-mono font-medium text-sky-700 after:absolute after:inset-0 hover:underline focus-visible:outline-2 focus-visible:outline-sky-500 dark:text-sky-400"
        >
          {s.name}
        </Link>
      </td>
      <td className="px-4 py-2.5 text-right tabular-nums" data-testid="count-instances">
        {s.instances}
      </td>
      <td className="px-4 py-2.5 text-right tabular-nums" data-testid="count-up">
        {s.up}
      </td>
      <td
        className={`px-4 py-2.5 text-right tabular-nums ${s.draining > 0 ? 'text-amber-700 dark:text-amber-400' : ''}`}
        data-testid="count-draining"
      >
        {s.draining}
      </td>
      <td className="px-4 py-2.5">
        <HealthBar service={s} />
      </td>
      <td className="px-4 py-2.5">
        <div className="flex items-center justify-end gap-1.5">
          {s.expiring ? <ExpiringBadge label={t('list.expiringCount', { count: s.expiring })} /> : null}
          {noneUp ? (
            <span className="rounded bg-red-100 px-1.5 py-0.5 text-xs font-medium text-red-800 dark:bg-red-950 dark:text-red-300">
              {t('list.noneUp')}
            </span>
          ) : null}
          {s.invalid > 0 ? (
            <span className="rounded bg-red-100 px-1.5 py-0.5 text-xs font-medium text-red-800 dark:bg-red-950 dark:text-red-300">
              {t('counts.invalid', { count: s.invalid })}
            </span>
          ) : null}
          <ChevronRight
            className="size-4 text-zinc-300 group-hover:text-zinc-500 dark:text-zinc-600 dark:group-hover:text-zinc-400"
            aria-hidden
          />
        </div>
      </td>
    </tr>
  );
}

/** The share of instances up, draining and invalid, as one bar. */
function HealthBar({ service: s }: { service: Summary }) {
  const t = useTranslations('services');
  const pct = (n: number) => `${(n / Math.max(1, s.instances)) * 100}%`;
  return (
    <div
      className="flex h-2 w-full min-w-24 overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800"
      role="img"
      aria-label={t('list.healthLabel', { up: s.up, draining: s.draining, invalid: s.invalid })}
    >
      <span className="h-full bg-emerald-500" style={{ width: pct(s.up) }} />
      <span className="h-full bg-amber-400" style={{ width: pct(s.draining) }} />
      <span className="h-full bg-red-500" style={{ width: pct(s.invalid) }} />
    </div>
  );
}

function EmptyRegistry() {
  const t = useTranslations('services.list');
  return (
    <div
      data-testid="no-services"
      className="rounded-lg border border-dashed border-zinc-300 p-8 text-center text-sm text-zinc-500 dark:border-zinc-700 dark:text-zinc-400"
    >
      <div className="font-medium text-zinc-700 dark:text-zinc-300">{t('emptyTitle')}</div>
      <p className="mt-1">{t('emptyBody')}</p>
      <code className="mt-3 inline-block rounded bg-zinc-100 px-2 py-1 font-mono text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
        /services/&lt;service&gt;/&lt;instance-id&gt;
      </code>
    </div>
  );
}
