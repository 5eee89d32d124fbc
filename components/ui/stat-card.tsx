import type { ReactNode } from 'react';
import { Card } from './card';

export function StatCard({
  label,
  value,
  testId,
  hint,
}: {
  label: string;
  value: ReactNode;
  testId?: string;
  hint?: ReactNode;
}) {
  return (
    <Card padded>
      <div className="text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
        {label}
      </div>
      <div className="mt-1 truncate text-2xl font-semibold tabular-nums" data-testid={testId}>
        {value}
      </div>
      {hint ? <div className="mt-1 truncate text-xs text-zinc-500 dark:text-zinc-400">{hint}</div> : null}
    </Card>
  );
}
