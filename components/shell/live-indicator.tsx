'use client';
import { useTranslations } from 'next-intl';
import { useLiveState } from '@/lib/live/use-live';
import { StatusDot } from '../ui/status-dot';

const tone = { live: 'green', connecting: 'gray', reconnecting: 'amber', resynced: 'blue' } as const;

export function LiveIndicator() {
  const t = useTranslations('header');
  const state = useLiveState();
  const label = state === 'connecting' ? t('checking') : t(state);
  return (
    <span
      data-testid="live-indicator"
      data-state={state}
      className="inline-flex items-center gap-1.5 text-xs text-zinc-600 dark:text-zinc-400"
      title={label}
    >
      <StatusDot tone={tone[state]} />
      {label}
    </span>
  );
}
