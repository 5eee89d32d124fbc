const tones = {
  blue: 'bg-sky-500 dark:bg-sky-400',
  green: 'bg-emerald-500 dark:bg-emerald-400',
  red: 'bg-red-500 dark:bg-red-400',
  amber: 'bg-amber-500 dark:bg-amber-400',
  violet: 'bg-violet-500 dark:bg-violet-400',
  gray: 'bg-zinc-400 dark:bg-zinc-500',
} as const;

export type ProgressTone = keyof typeof tones;

/** A thin bar; a null percent is work in progress of unknown extent (a pulsing bar). */
export function ProgressBar({
  percent,
  tone = 'blue',
  label,
  testId,
  className = '',
}: {
  percent: number | null;
  tone?: ProgressTone;
  label?: string;
  testId?: string;
  className?: string;
}) {
  const value = percent === null ? null : Math.round(Math.min(100, Math.max(0, percent)));
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={value ?? undefined}
      data-testid={testId}
      data-percent={value ?? ''}
      className={`h-1.5 w-full overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800 ${className}`}
    >
      <div
        className={`h-full rounded-full transition-[width] duration-500 ease-out ${tones[tone]} ${value === null ? 'w-1/3 animate-pulse' : ''}`}
        style={value === null ? undefined : { width: `${value}%` }}
      />
    </div>
  );
}
