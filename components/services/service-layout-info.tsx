'use client';
// Where a service's instances live (layout, roots, key pattern, the framework source it follows) and what the
// console may write there.
import { useTranslations } from 'next-intl';
import type { LayoutSummary } from '@/lib/registry/schemas';
import { LayoutBadge } from './layout-badge';
import { isSourceUrl, LayoutSourceLink } from './layout-source-link';

const dt = 'text-zinc-500 dark:text-zinc-400';

export function ServiceLayoutInfo({ layout, watched }: { layout: LayoutSummary; watched: string[] }) {
  const t = useTranslations('services.layout');
  return (
    <section
      aria-label={t('title')}
      data-testid="service-layout"
      data-layout={layout.id}
      className="mb-5 rounded-lg border border-zinc-200 bg-white px-4 py-3 text-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="flex flex-wrap items-center gap-2">
        <LayoutBadge id={layout.id} layout={layout} />
        <span className="font-medium" data-testid="service-layout-title">
          {layout.title}
        </span>
        {isSourceUrl(layout.source) ? (
          <LayoutSourceLink source={layout.source} label={t('source')} />
        ) : (
          <span className="text-xs text-zinc-500 dark:text-zinc-400">
            {layout.source === 'declared' ? t('declared') : layout.source}
          </span>
        )}
      </div>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-xs">
        <dt className={dt}>{t('pattern')}</dt>
        <dd className="font-mono break-all">{layout.pattern}</dd>
        <dt className={dt}>{t('where')}</dt>
        <dd className="font-mono break-all" data-testid="service-layout-where">
          {watched.join(' · ')}
        </dd>
        <dt className={dt}>{t('writes')}</dt>
        <dd data-testid="service-layout-writes">
          {[
            layout.writes.drain ? t('drainAllowed') : t('drainNot'),
            layout.writes.deregister ? t(`deregister.${layout.writes.deregister}`) : t('deregisterNot'),
          ].join(' ')}
        </dd>
      </dl>
    </section>
  );
}
