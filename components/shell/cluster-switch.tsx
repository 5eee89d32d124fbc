'use client';
import { Server } from 'lucide-react';
import { useTranslations } from 'next-intl';

/** Picks the etcd cluster every page and API call of this browser talks to (a cookie; reloads to reconnect live streams). */
export function ClusterSwitch({
  profiles,
  selected,
}: {
  profiles: Array<{ name: string; label: string }>;
  selected: string;
}) {
  const t = useTranslations('header');
  return (
    <label className="inline-flex items-center gap-1.5 text-sm">
      <Server className="size-4 text-zinc-500" aria-hidden />
      <span className="sr-only">{t('cluster')}</span>
      <select
        value={selected}
        data-testid="cluster-switch"
        aria-label={t('cluster')}
        className="h-8 rounded-md border border-zinc-300 bg-white px-2 text-sm dark:border-zinc-700 dark:bg-zinc-900"
        onChange={(e) => {
          document.cookie = `etcd_cluster=${encodeURIComponent(e.target.value)}; path=/; max-age=31536000; samesite=lax`;
          window.location.reload();
        }}
      >
        {profiles.map((p) => (
          <option key={p.name} value={p.name}>
            {p.label}
          </option>
        ))}
      </select>
    </label>
  );
}
