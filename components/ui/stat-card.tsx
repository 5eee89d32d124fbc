import type { ReactNode } from 'react';

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
    <div className="rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
      <div className="text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
        {label}
      </div>
      <div className="mt-1 truncate text-2xl font-semibold tabular-nums" data-testid={testId}>
        {value}
      </div>
      {hint ? <div className="mt-1 truncate text-xs text-zinc-500 dark:text-zinc-400">{hint}</div> : null}
    </div>
  );
}
