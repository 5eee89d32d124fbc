'use client';
import { useTranslations } from 'next-intl';
import type { KeyRef } from '@/lib/client/kv-api';
import { usePropagation } from '@/lib/hooks/use-subscribers';
import { Badge } from '../ui/badge';

/** After a save: how many subscribers have applied that revision, who has not, and how long the slowest took. */
export function PropagationStrip({ refKey, revision }: { refKey: KeyRef; revision: number }) {
  const t = useTranslations('subscribers');
  const { data } = usePropagation(refKey, revision);
  if (!data) return null;
  const total = data.applied.length + data.pending.length + data.errored.length;
  if (total === 0)
    return (
      <p className="text-xs text-zinc-500" data-testid="propagation" data-state="none">
        {t('noneCovering')}
      </p>
    );
  const state = data.pending.length === 0 && data.errored.length === 0 ? 'complete' : 'pending';
  return (
    <div
      data-testid="propagation"
      data-state={state}
      className="rounded-md border border-zinc-200 px-3 py-2 text-sm dark:border-zinc-800"
    >
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{t('propagation', { revision })}</span>
        <Badge tone={state === 'complete' ? 'green' : 'amber'} testId="propagation-summary">
          {state === 'complete'
            ? t('allApplied', { count: total })
            : t('appliedOf', { applied: data.applied.length, total })}
        </Badge>
        {data.slowestMs !== null ? (
          <span className="text-xs text-zinc-500">{t('slowest', { ms: Math.round(data.slowestMs) })}</span>
        ) : null}
      </div>
      {data.pending.length > 0 ? (
        <div className="mt-1 text-xs text-amber-700 dark:text-amber-300" data-testid="propagation-pending">
          {t('pending')}: {data.pending.map((p) => `${p.app}/${p.instance}`).join(', ')}
        </div>
      ) : null}
      {data.errored.length > 0 ? (
        <div className="mt-1 text-xs text-red-700 dark:text-red-300">
          {t('errored')}: {data.errored.map((p) => `${p.app}/${p.instance}: ${p.error.message}`).join('; ')}
        </div>
      ) : null}
    </div>
  );
}
