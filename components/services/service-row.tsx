'use client';
// One row of the Services list: the service, the layout it comes from, its counts and warnings.
import { ChevronRight } from 'lucide-react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { serviceHref } from '@/lib/client/services-api';
import type { LayoutSummary, ServiceList } from '@/lib/registry/schemas';
import { ExpiringBadge } from './instance-status';
import { LayoutBadge } from './layout-badge';

type Summary = ServiceList['services'][number];

export function ServiceRow({ service: s, layout }: { service: Summary; layout?: LayoutSummary }) {
  const t = useTranslations('services');
  const href = serviceHref(s.name, s.layout);
  const noneUp = s.instances > 0 && s.up === 0;
  return (
    <tr
      data-testid={`service-row-${s.name}`}
      data-layout={s.layout}
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
      <td className="px-4 py-2.5">
        <LayoutBadge id={s.layout} layout={layout} />
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
