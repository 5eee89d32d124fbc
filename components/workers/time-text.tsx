'use client';
import { useLocale } from 'next-intl';
import { formatDuration } from '@/lib/format/duration';

const tag = (locale: string) => (locale === 'zh' ? 'zh-CN' : 'en');

/** A point in time in the reader's zone; the server's rendering may differ, so hydration tolerates it. */
export function Timestamp({ at, withDate = false }: { at: string; withDate?: boolean }) {
  const locale = useLocale();
  const date = new Date(at);
  const text = Number.isNaN(date.getTime())
    ? at
    : date.toLocaleString(tag(locale), {
        ...(withDate ? { year: 'numeric', month: '2-digit', day: '2-digit' } : {}),
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hour12: false,
      });
  return (
    <time dateTime={at} title={at} suppressHydrationWarning className="tabular-nums">
      {text}
    </time>
  );
}

/** "12 seconds ago" while the clock runs; the absolute time before it does. */
export function RelativeTime({ at, now }: { at: string; now: number | null }) {
  const locale = useLocale();
  const then = Date.parse(at);
  if (now === null || Number.isNaN(then)) return <Timestamp at={at} />;
  const seconds = Math.round((then - now) / 1000);
  const format = new Intl.RelativeTimeFormat(tag(locale), { numeric: 'auto', style: 'short' });
  const abs = Math.abs(seconds);
  const text =
    abs < 60
      ? format.format(seconds, 'second')
      : abs < 3600
        ? format.format(Math.round(seconds / 60), 'minute')
        : abs < 86_400
          ? format.format(Math.round(seconds / 3600), 'hour')
          : format.format(Math.round(seconds / 86_400), 'day');
  return (
    <time dateTime={at} title={new Date(then).toLocaleString(tag(locale))} className="tabular-nums">
      {text}
    </time>
  );
}

/** From `from` to `to`, or to now while it lasts. */
export function Elapsed({ from, to, now }: { from: string; to: string | null; now: number | null }) {
  const start = Date.parse(from);
  const end = to ? Date.parse(to) : now;
  if (end === null || Number.isNaN(start)) return <span className="text-zinc-400">—</span>;
  return <span className="tabular-nums">{formatDuration(end - start)}</span>;
}
