'use client';
import { ChevronRight, TriangleAlert } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { hostPort } from '@/lib/format/host-port';
import { leaseHex } from '@/lib/format/lease-id';
import type {
  InstanceDetail,
  InstanceTimeline,
  ServiceTimeline,
  TimelineEvent,
} from '@/lib/registry/schemas';
import { instanceSegments, isUnstable, position, type SegmentState } from '@/lib/registry/timeline-segments';
import { Alert } from '../ui/alert';
import { Badge } from '../ui/badge';

const segmentTone: Record<SegmentState, string> = {
  up: 'bg-emerald-500/80 dark:bg-emerald-500/70',
  draining: 'bg-amber-400 dark:bg-amber-500/80',
  invalid: 'bg-red-400 dark:bg-red-500/80',
  present: 'bg-zinc-400 dark:bg-zinc-500',
};

const eventTone = {
  registered: 'green',
  reregistered: 'violet',
  drained: 'amber',
  undrained: 'blue',
  updated: 'gray',
  removed: 'red',
} as const;

const markerTone: Record<TimelineEvent['kind'], string> = {
  registered: 'bg-emerald-700 dark:bg-emerald-300',
  reregistered: 'bg-violet-600 dark:bg-violet-300',
  drained: 'bg-amber-700 dark:bg-amber-300',
  undrained: 'bg-sky-600 dark:bg-sky-300',
  updated: 'bg-zinc-500 dark:bg-zinc-400',
  removed: 'bg-red-600 dark:bg-red-400',
};

/** Registrations, drains and removals of every instance over etcd's retained history, with flaps flagged. */
export function ServiceTimelineView({
  timeline,
  current,
  error,
}: {
  timeline: ServiceTimeline | undefined;
  current: InstanceDetail[];
  error: unknown;
}) {
  const t = useTranslations('services.timeline');
  if (!timeline) {
    return error ? (
      <Alert tone="error" title={t('failed')} testId="timeline-error">
        {error instanceof Error ? error.message : null}
      </Alert>
    ) : (
      <div className="h-24 animate-pulse rounded-lg bg-zinc-100 dark:bg-zinc-900" aria-busy="true" />
    );
  }
  const { fromRevision: from, toRevision: to } = timeline;
  const statusNow = new Map(current.map((i) => [i.id, i.status]));
  const totals = timeline.instances.reduce(
    (sum, i) => ({
      registrations: sum.registrations + i.registrations,
      removals: sum.removals + i.removals,
      drains: sum.drains + i.drains,
    }),
    { registrations: 0, removals: 0, drains: 0 },
  );
  const unstable = timeline.instances.filter(isUnstable);
  const recent = timeline.instances
    .flatMap((i) => i.events.map((event) => ({ id: i.id, event })))
    .sort((a, b) => b.event.revision - a.event.revision)
    .slice(0, 12);

  return (
    <section aria-labelledby="timeline-title" data-testid="service-timeline" data-flaps={timeline.flaps}>
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="timeline-title" className="text-sm font-semibold text-zinc-700 dark:text-zinc-300">
          {t('title')}
        </h2>
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          {t('range', { from, to })}
          {timeline.compacted ? ` · ${t('compacted')}` : ''}
          {timeline.truncated ? ` · ${t('truncated')}` : ''}
        </p>
      </div>

      <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        <Figure label={t('registrations')} value={totals.registrations} />
        <Figure label={t('removals')} value={totals.removals} />
        <Figure label={t('drains')} value={totals.drains} />
        <Figure
          label={t('flaps')}
          value={timeline.flaps}
          tone={unstable.length > 0 ? 'red' : timeline.flaps > 0 ? 'amber' : undefined}
          testId="service-flaps"
        />
      </div>

      {unstable.length > 0 ? (
        <div className="mt-3">
          <Alert tone="warning" title={t('unstableTitle')} testId="unstable-instances">
            {t('unstableBody', { ids: unstable.map((i) => i.id).join(', '), count: unstable.length })}
          </Alert>
        </div>
      ) : null}

      <div className="mt-4 rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        {timeline.instances.length === 0 ? (
          <p className="px-4 py-6 text-center text-sm text-zinc-500 dark:text-zinc-400">{t('empty')}</p>
        ) : (
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {timeline.instances.map((instance) => (
              <InstanceTimelineRow
                key={instance.id}
                instance={instance}
                from={from}
                to={to}
                current={statusNow.get(instance.id)}
              />
            ))}
          </ul>
        )}
        <Legend />
      </div>

      {recent.length > 0 ? (
        <div className="mt-4">
          <h3 className="mb-2 text-xs font-semibold text-zinc-500 uppercase dark:text-zinc-400">
            {t('recent')}
          </h3>
          <ol className="space-y-1 text-sm" data-testid="recent-events">
            {recent.map(({ id, event }) => (
              <li key={`${id}-${event.revision}-${event.kind}`} className="flex items-center gap-2">
                <span className="w-20 shrink-0 text-right font-mono text-xs text-zinc-500 tabular-nums dark:text-zinc-400">
                  {t('rev', { revision: event.revision })}
                </span>
                <Badge tone={eventTone[event.kind]}>{t(`kinds.${event.kind}`)}</Badge>
                <span className="font-mono text-xs">{id}</span>
                <EventDetails event={event} />
              </li>
            ))}
          </ol>
        </div>
      ) : null}
    </section>
  );
}

function Figure({
  label,
  value,
  tone,
  testId,
}: {
  label: string;
  value: number;
  tone?: 'amber' | 'red';
  testId?: string;
}) {
  const color =
    tone === 'red'
      ? 'text-red-700 dark:text-red-400'
      : tone === 'amber'
        ? 'text-amber-700 dark:text-amber-400'
        : '';
  return (
    <div className="rounded-lg border border-zinc-200 bg-white px-3 py-2 dark:border-zinc-800 dark:bg-zinc-900">
      <div className="text-xs text-zinc-500 dark:text-zinc-400">{label}</div>
      <div className={`text-lg font-semibold tabular-nums ${color}`} data-testid={testId}>
        {value}
      </div>
    </div>
  );
}

function InstanceTimelineRow({
  instance: i,
  from,
  to,
  current,
}: {
  instance: InstanceTimeline;
  from: number;
  to: number;
  current: InstanceDetail['status'] | undefined;
}) {
  const t = useTranslations('services.timeline');
  const segments = instanceSegments(i, from, to, current);
  const unstable = isUnstable(i);
  return (
    <li data-testid={`timeline-row-${i.id}`} data-flaps={i.flaps} data-unstable={unstable}>
      <details className="group">
        <summary className="flex cursor-pointer list-none items-center gap-3 px-4 py-2.5 hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-sky-500 dark:hover:bg-zinc-800/40 [&::-webkit-details-marker]:hidden">
          <ChevronRight
            className="size-4 shrink-0 text-zinc-400 transition-transform group-open:rotate-90"
            aria-hidden
          />
          <span className="w-40 shrink-0 truncate font-mono text-xs font-medium" title={i.id}>
            {i.id}
          </span>
          <span className="relative h-3 min-w-24 flex-1 rounded-sm bg-zinc-100 dark:bg-zinc-800" aria-hidden>
            {segments.map((s) => (
              <span
                key={`${s.from}-${s.state}`}
                className={`absolute inset-y-0 min-w-0.5 rounded-sm ${segmentTone[s.state]}`}
                style={{
                  left: `${position(s.from, from, to) * 100}%`,
                  width: `${(position(s.to, from, to) - position(s.from, from, to)) * 100}%`,
                }}
              />
            ))}
            {i.events.map((e) => (
              <span
                key={`${e.revision}-${e.kind}`}
                className={`absolute -inset-y-0.5 w-0.5 -translate-x-1/2 rounded-full ${markerTone[e.kind]}`}
                style={{ left: `${position(e.revision, from, to) * 100}%` }}
              />
            ))}
          </span>
          <span className="flex shrink-0 items-center justify-end gap-2 text-xs text-zinc-600 dark:text-zinc-400">
            {!i.present ? <Badge>{t('gone')}</Badge> : null}
            <span className="tabular-nums">
              {t('counts', { registrations: i.registrations, removals: i.removals, drains: i.drains })}
            </span>
            {unstable ? (
              <span
                data-testid="unstable-flag"
                className="inline-flex items-center gap-1 rounded bg-red-100 px-1.5 py-0.5 font-medium text-red-800 dark:bg-red-950 dark:text-red-300"
              >
                <TriangleAlert className="size-3" aria-hidden />
                {t('unstable', { count: i.flaps })}
              </span>
            ) : i.flaps > 0 ? (
              <Badge tone="amber">{t('flapCount', { count: i.flaps })}</Badge>
            ) : null}
          </span>
        </summary>
        <div className="px-4 pb-3 pl-11">
          {i.events.length === 0 ? (
            <p className="text-xs text-zinc-500 dark:text-zinc-400">{t('noEvents')}</p>
          ) : (
            <ol className="space-y-1 text-sm">
              {[...i.events].reverse().map((event) => (
                <li key={`${event.revision}-${event.kind}`} className="flex items-center gap-2">
                  <span className="w-20 shrink-0 text-right font-mono text-xs text-zinc-500 tabular-nums dark:text-zinc-400">
                    {t('rev', { revision: event.revision })}
                  </span>
                  <Badge tone={eventTone[event.kind]}>{t(`kinds.${event.kind}`)}</Badge>
                  <EventDetails event={event} />
                </li>
              ))}
            </ol>
          )}
        </div>
      </details>
    </li>
  );
}

function EventDetails({ event }: { event: TimelineEvent }) {
  const t = useTranslations('services.timeline');
  const parts: string[] = [];
  if (event.address) parts.push(hostPort(event.address, event.port));
  if (event.lease) parts.push(t('lease', { lease: leaseHex(event.lease) }));
  if (parts.length === 0) return null;
  return (
    <span className="truncate font-mono text-xs text-zinc-500 dark:text-zinc-400">{parts.join(' · ')}</span>
  );
}

function Legend() {
  const t = useTranslations('services.timeline');
  const items: Array<[string, string]> = [
    [segmentTone.up, t('legend.up')],
    [segmentTone.draining, t('legend.draining')],
    [segmentTone.present, t('legend.present')],
  ];
  return (
    <div className="flex flex-wrap items-center gap-4 border-t border-zinc-100 px-4 py-2 text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
      {items.map(([tone, label]) => (
        <span key={label} className="inline-flex items-center gap-1.5">
          <span aria-hidden className={`inline-block h-2.5 w-4 rounded-sm ${tone}`} />
          {label}
        </span>
      ))}
      <span className="inline-flex items-center gap-1.5">
        <span aria-hidden className="inline-block h-3 w-0.5 rounded-full bg-zinc-500" />
        {t('legend.event')}
      </span>
      <span className="ml-auto">{t('legend.axis')}</span>
    </div>
  );
}
