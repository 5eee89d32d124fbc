'use client';
import { Search, SlidersHorizontal } from 'lucide-react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useDeferredValue, useState } from 'react';
import { useServices } from '@/lib/hooks/use-services';
import type { ServiceList } from '@/lib/registry/schemas';
import { Alert } from '../ui/alert';
import { Input, Select } from '../ui/input';
import { PageTitle } from '../ui/page-title';
import { StatCard } from '../ui/stat-card';
import { ServiceRow } from './service-row';

const th = 'px-4 py-2 font-medium whitespace-nowrap';

/** Every service of every enabled layout; a service name used by two layouts is two rows. */
export function ServicesView({ initial }: { initial?: ServiceList }) {
  const t = useTranslations('services');
  const { data, error } = useServices(initial);
  const [query, setQuery] = useState('');
  const [layoutFilter, setLayoutFilter] = useState('');
  const deferred = useDeferredValue(query.trim().toLowerCase());
  const services = data?.services ?? [];
  const layouts = new Map((data?.layouts ?? []).map((l) => [l.id, l]));
  const shown = services.filter(
    (s) =>
      (!deferred || s.name.toLowerCase().includes(deferred)) && (!layoutFilter || s.layout === layoutFilter),
  );
  const total = services.reduce(
    (sum, s) => ({
      instances: sum.instances + s.instances,
      up: sum.up + s.up,
      draining: sum.draining + s.draining,
      expiring: sum.expiring + (s.expiring ?? 0),
    }),
    { instances: 0, up: 0, draining: 0, expiring: 0 },
  );
  // The filter offers the layouts that have services, and keeps a chosen one while it has none.
  const filterIds = [...new Set([...services.map((s) => s.layout), ...(layoutFilter ? [layoutFilter] : [])])];

  return (
    <div>
      <PageTitle
        actions={
          <>
            <Select
              value={layoutFilter}
              onChange={(e) => setLayoutFilter(e.target.value)}
              aria-label={t('list.layoutFilter')}
              data-testid="services-layout-filter"
              className="w-48"
            >
              <option value="">{t('list.allLayouts')}</option>
              {filterIds.map((id) => (
                <option key={id} value={id}>
                  {layouts.get(id)?.title ?? id}
                </option>
              ))}
            </Select>
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
            <Link
              href="/services/layouts"
              data-testid="layouts-link"
              className="inline-flex h-9 items-center gap-1.5 rounded-md border border-zinc-300 bg-white px-3 text-sm font-medium whitespace-nowrap text-zinc-800 hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-sky-500 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800"
            >
              <SlidersHorizontal className="size-4" aria-hidden />
              {t('list.layouts')}
            </Link>
          </>
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
                    <th className={`${th} w-36`}>{t('list.layout')}</th>
                    <th className={`${th} w-24 text-right`}>{t('list.instances')}</th>
                    <th className={`${th} w-20 text-right`}>{t('list.up')}</th>
                    <th className={`${th} w-24 text-right`}>{t('list.draining')}</th>
                    <th className={`${th} w-1/5`}>{t('list.health')}</th>
                    <th className={`${th} w-56`}>
                      <span className="sr-only">{t('list.flags')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((s) => (
                    <ServiceRow
                      key={`${s.layout}\u0000${s.name}`}
                      service={s}
                      layout={layouts.get(s.layout)}
                    />
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
