'use client';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { TimelineEvent } from '@/lib/dispatch/schemas';
import { Card } from '../ui/card';
import { commandHref } from './command-href';
import { Timestamp } from './time-text';
import { describeEvent } from './timeline-text';

/** What happened to a command, oldest first. */
export function CommandTimeline({ events }: { events: TimelineEvent[] }) {
  const t = useTranslations('workers.timeline');
  return (
    <Card as="ol" padded className="flex flex-col">
      {events.map((e, i) => {
        const described = describeEvent(e, (key, values) => t(key, values));
        return (
          <li
            key={`${e.at}-${e.type}-${i}`}
            data-testid="timeline-event"
            data-type={e.type}
            className="relative flex gap-3 border-l border-zinc-200 pb-3 pl-4 last:pb-0 dark:border-zinc-700"
          >
            <span
              aria-hidden
              className={`absolute top-1.5 -left-[5px] size-2.5 rounded-full ring-2 ring-white dark:ring-zinc-900 ${dot[e.type]}`}
            />
            <span className="w-20 shrink-0 text-xs text-zinc-500 dark:text-zinc-400">
              <Timestamp at={e.at} />
            </span>
            <div className="min-w-0 text-sm">
              <span className="font-medium">{t(`type.${typeKey[e.type]}`)}</span>
              <span className="text-zinc-600 dark:text-zinc-400"> · {described.text}</span>
              {described.link ? (
                <>
                  {' '}
                  <Link
                    href={commandHref(described.link)}
                    className="font-mono text-xs text-sky-700 hover:underline dark:text-sky-400"
                  >
                    {described.link}
                  </Link>
                </>
              ) : null}
              {described.detail ? (
                <div className="mt-0.5 text-xs break-words text-zinc-500 dark:text-zinc-400">
                  {described.detail}
                </div>
              ) : null}
            </div>
          </li>
        );
      })}
    </Card>
  );
}

const typeKey: Record<TimelineEvent['type'], string> = {
  created: 'created',
  claimed: 'claimed',
  progress: 'progress',
  requeued: 'requeued',
  'cancel-requested': 'cancelRequested',
  succeeded: 'succeeded',
  failed: 'failed',
  cancelled: 'cancelled',
  retried: 'retried',
};

const dot: Record<TimelineEvent['type'], string> = {
  created: 'bg-zinc-400',
  claimed: 'bg-sky-500',
  progress: 'bg-sky-300 dark:bg-sky-700',
  requeued: 'bg-violet-500',
  'cancel-requested': 'bg-amber-400',
  succeeded: 'bg-emerald-500',
  failed: 'bg-red-500',
  cancelled: 'bg-amber-500',
  retried: 'bg-zinc-500',
};
