'use client';
import { useTranslations } from 'next-intl';
import { Badge } from '../ui/badge';
import type { ProgressTone } from '../ui/progress-bar';

export type DispatchState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'lost';

export const stateTone: Record<DispatchState, ProgressTone> = {
  queued: 'gray',
  running: 'blue',
  succeeded: 'green',
  failed: 'red',
  cancelled: 'amber',
  lost: 'violet',
};

/** A command's, run's or task's state, translated; data-state carries the raw value for tests. */
export function StateBadge({ state, testId }: { state: DispatchState; testId?: string }) {
  const t = useTranslations('workers.state');
  return (
    <span data-testid={testId} data-state={state} className="inline-flex">
      <Badge tone={stateTone[state]}>{t(state)}</Badge>
    </span>
  );
}
