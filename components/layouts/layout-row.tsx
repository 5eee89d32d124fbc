'use client';
// One layout in the settings list: what it is, where its keys live, what detection found, and its switch.
import { Trash2 } from 'lucide-react';
import { useTranslations } from 'next-intl';
import type { LayoutEntry } from '@/lib/client/layouts-api';
import { LayoutBadge } from '../services/layout-badge';
import { LayoutSourceLink } from '../services/layout-source-link';
import { Badge } from '../ui/badge';
import { LayoutSwitch } from './layout-switch';

const dt = 'text-zinc-500 dark:text-zinc-400';

export type LayoutView = Pick<LayoutEntry, 'id' | 'title' | 'source' | 'pattern' | 'roots' | 'writes'> &
  Partial<Pick<LayoutEntry, 'kind' | 'detected'>> & { enabled: boolean };

export function LayoutRow({
  layout: l,
  onToggle,
  onRemove,
  busy,
}: {
  layout: LayoutView;
  onToggle?: (enabled: boolean) => void;
  onRemove?: () => void;
  busy: boolean;
}) {
  const t = useTranslations('layouts');
  return (
    <li
      data-testid={`layout-row-${l.id}`}
      data-enabled={l.enabled}
      data-detected={Boolean(l.detected)}
      className="flex items-start gap-4 px-4 py-3"
    >
      <LayoutSwitch
        checked={l.enabled}
        label={t('switch', { title: l.title })}
        disabled={busy}
        onChange={onToggle}
        testId="layout-switch"
      />
      <div className="min-w-0 flex-1 text-sm">
        <div className="flex flex-wrap items-center gap-2">
          <span className="font-medium">{l.title}</span>
          <LayoutBadge id={l.id} layout={l} />
          {l.kind ? (
            <Badge tone={l.kind === 'declared' ? 'blue' : 'gray'}>{t(`kind.${l.kind}`)}</Badge>
          ) : null}
          {l.detected ? (
            <Badge tone="green" testId="layout-detected">
              {t('detected', { count: l.detected.samples })}
            </Badge>
          ) : null}
          <LayoutSourceLink source={l.source} label={t('source')} />
        </div>
        <dl className="mt-1.5 grid grid-cols-[auto_1fr] gap-x-4 gap-y-0.5 text-xs">
          <dt className={dt}>{t('pattern')}</dt>
          <dd className="font-mono break-all">{l.pattern}</dd>
          <dt className={dt}>{t('roots')}</dt>
          <dd className="font-mono break-all">
            {l.roots.length > 0 ? l.roots.join(' · ') : <span className="font-sans">{t('noRoots')}</span>}
          </dd>
          <dt className={dt}>{t('writes')}</dt>
          <dd>
            {[
              l.writes.drain ? t('drain') : null,
              l.writes.deregister ? t(`deregister.${l.writes.deregister}`) : t('readOnlyLayout'),
            ]
              .filter(Boolean)
              .join(' · ')}
          </dd>
        </dl>
      </div>
      {onRemove ? (
        <button
          type="button"
          onClick={onRemove}
          disabled={busy}
          data-testid="layout-remove"
          aria-label={t('remove', { title: l.title })}
          title={t('remove', { title: l.title })}
          className="rounded p-1.5 text-red-700 hover:bg-red-50 disabled:opacity-50 dark:text-red-400 dark:hover:bg-red-950"
        >
          <Trash2 className="size-4" aria-hidden />
        </button>
      ) : null}
    </li>
  );
}
