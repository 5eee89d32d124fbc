import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '@/lib/registry/schemas';
import { instanceSegments, isUnstable, position } from '@/lib/registry/timeline-segments';

const ev = (
  revision: number,
  kind: TimelineEvent['kind'],
  status?: TimelineEvent['status'],
): TimelineEvent => ({
  revision,
  kind,
  ...(status ? { status } : {}),
});

describe('instanceSegments', () => {
  it.each([
    {
      name: 'registered, drained, undrained, removed',
      events: [
        ev(20, 'registered', 'up'),
        ev(40, 'drained', 'draining'),
        ev(60, 'undrained', 'up'),
        ev(80, 'removed'),
      ],
      present: false,
      want: [
        { from: 20, to: 40, state: 'up' },
        { from: 40, to: 60, state: 'draining' },
        { from: 60, to: 80, state: 'up' },
      ],
    },
    {
      name: 'present before history starts, then drained',
      events: [ev(50, 'drained', 'draining')],
      present: true,
      want: [
        { from: 10, to: 50, state: 'up' },
        { from: 50, to: 100, state: 'draining' },
      ],
    },
    {
      name: 'removed then registered again (a flap)',
      events: [ev(30, 'removed'), ev(70, 'registered', 'up')],
      present: true,
      want: [
        { from: 10, to: 30, state: 'present' },
        { from: 70, to: 100, state: 'up' },
      ],
    },
    {
      name: 'an update in the same state merges',
      events: [ev(30, 'registered', 'up'), ev(60, 'updated', 'up')],
      present: true,
      want: [{ from: 30, to: 100, state: 'up' }],
    },
    {
      name: 'registered at the last revision: a sliver',
      events: [ev(100, 'registered', 'up')],
      present: true,
      want: [{ from: 100, to: 100, state: 'up' }],
    },
  ])('$name', ({ events, present, want }) => {
    expect(instanceSegments({ events, present }, 10, 100)).toEqual(want);
  });

  it('covers the whole range for an instance unchanged since before the history', () => {
    expect(instanceSegments({ events: [], present: true }, 10, 100, 'draining')).toEqual([
      { from: 10, to: 100, state: 'draining' },
    ]);
    expect(instanceSegments({ events: [], present: false }, 10, 100)).toEqual([]);
  });
});

describe('position and flaps', () => {
  it('places revisions on the bar, clamped', () => {
    expect(position(55, 10, 100)).toBe(0.5);
    expect(position(5, 10, 100)).toBe(0);
    expect(position(500, 10, 100)).toBe(1);
    expect(position(10, 10, 10)).toBe(1);
  });

  it('flags three flaps as unstable', () => {
    expect(isUnstable({ flaps: 2 })).toBe(false);
    expect(isUnstable({ flaps: 3 })).toBe(true);
  });
});
