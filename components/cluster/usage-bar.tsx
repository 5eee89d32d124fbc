/**
 * A database file against its quota: the part in use, the part a defragmentation would give back, the rest free.
 * Without a known quota the file size is the scale. Turns amber past 80% of the quota and red past 95%.
 */
export function UsageBar({
  inUse,
  size,
  quota,
  label,
  testId,
}: {
  inUse: number;
  size: number;
  quota: number | null;
  label: string;
  testId?: string;
}) {
  const scale = Math.max(quota ?? size, size, 1);
  const pct = (n: number) => `${Math.min(100, (n / scale) * 100)}%`;
  const share = quota ? size / quota : 0;
  const fill = share > 0.95 ? 'bg-red-500' : share > 0.8 ? 'bg-amber-500' : 'bg-sky-500';
  const slack = share > 0.95 ? 'bg-red-300' : share > 0.8 ? 'bg-amber-300' : 'bg-sky-200 dark:bg-sky-800';
  return (
    <div
      role="meter"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={scale}
      aria-valuenow={size}
      aria-valuetext={label}
      data-testid={testId}
      className="flex h-2 w-full overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800"
    >
      <div className={fill} style={{ width: pct(Math.min(inUse, size)) }} />
      <div className={slack} style={{ width: pct(Math.max(0, size - inUse)) }} />
    </div>
  );
}
