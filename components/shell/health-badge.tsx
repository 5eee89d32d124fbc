'use client';
import { useTranslations } from 'next-intl';
import { useHealth } from '@/lib/hooks/use-health';
import { StatusDot } from '../ui/status-dot';

export function HealthBadge() {
  const t = useTranslations('header');
  const { data, error } = useHealth();
  const state = error ? 'down' : data ? 'up' : 'pending';
  // A failed TLS handshake is a configuration error: say so, with the setting at fault in the tooltip.
  const tls = (error as { details?: { reason?: string } } | undefined)?.details?.reason === 'tls';
  const label =
    state === 'up'
      ? t('healthy')
      : state === 'down'
        ? tls
          ? t('tlsFailed')
          : t('unreachable')
        : t('checking');
  return (
    <span
      data-testid="health-badge"
      data-state={state}
      data-reason={tls ? 'tls' : undefined}
      title={error instanceof Error ? error.message : data ? `etcd ${data.etcd.version}` : undefined}
      className="inline-flex items-center gap-1.5 rounded-full border border-zinc-200 px-2.5 py-1 text-xs dark:border-zinc-700"
    >
      <StatusDot tone={state === 'up' ? 'green' : state === 'down' ? 'red' : 'gray'} />
      {label}
    </span>
  );
}
