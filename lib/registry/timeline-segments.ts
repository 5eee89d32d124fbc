// Turns an instance's timeline into bar segments over a revision range, for the health timeline view.
import type { InstanceTimeline, TimelineEvent } from './schemas';

export type SegmentState = 'up' | 'draining' | 'invalid' | 'present';
export type Segment = { from: number; to: number; state: SegmentState };

/** At this many flaps over the retained history an instance is flagged unstable. */
export const UNSTABLE_FLAPS = 3;

export function isUnstable(timeline: Pick<InstanceTimeline, 'flaps'>): boolean {
  return timeline.flaps >= UNSTABLE_FLAPS;
}

/** What the instance was before its first retained event; null when it did not exist. */
function stateBefore(first: TimelineEvent): SegmentState | null {
  switch (first.kind) {
    case 'registered':
      return null;
    case 'drained':
      return 'up';
    case 'undrained':
      return 'draining';
    case 'removed':
      return 'present';
    default:
      return first.status ?? 'present';
  }
}

/**
 * The stretches of [from, to] during which the instance was registered, by status. `current` is its status now,
 * for an instance with no retained events (unchanged since before the history starts).
 */
export function instanceSegments(
  timeline: Pick<InstanceTimeline, 'events' | 'present'>,
  from: number,
  to: number,
  current?: SegmentState,
): Segment[] {
  const first = timeline.events[0];
  if (!first) return timeline.present ? [{ from, to, state: current ?? 'present' }] : [];
  const segments: Segment[] = [];
  let state = stateBefore(first);
  let cursor = from;
  const close = (until: number) => {
    if (state && until > cursor) {
      const last = segments[segments.length - 1];
      if (last && last.state === state && last.to === cursor) last.to = until;
      else segments.push({ from: cursor, to: until, state });
    }
    cursor = Math.max(cursor, until);
  };
  for (const event of timeline.events) {
    close(Math.min(Math.max(event.revision, from), to));
    state = event.kind === 'removed' ? null : (event.status ?? 'present');
  }
  close(to);
  // A put at the very last revision still gets a sliver, so the bar always ends in the current state.
  const last = segments[segments.length - 1];
  if (state && !(last && last.to === to && last.state === state)) segments.push({ from: to, to, state });
  return segments;
}

/** Where a revision falls on the bar, from 0 to 1. */
export function position(revision: number, from: number, to: number): number {
  if (to <= from) return 1;
  return Math.min(1, Math.max(0, (revision - from) / (to - from)));
}
