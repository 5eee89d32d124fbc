'use client';
import { useFormatter } from 'next-intl';
import { useClock } from '@/lib/hooks/use-clock';

/** "3 minutes ago", kept current; the exact time is in the tooltip. The server renders the ISO time. */
export function RelativeTime({ iso }: { iso: string | undefined }) {
  const format = useFormatter();
  const now = useClock();
  if (!iso) return <span className="text-zinc-400 dark:text-zinc-500">—</span>;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return <span>{iso}</span>;
  return (
    <time dateTime={iso} title={iso} className="whitespace-nowrap">
      {now === null ? iso.slice(0, 19).replace('T', ' ') : format.relativeTime(date, now)}
    </time>
  );
}
