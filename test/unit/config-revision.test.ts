import { coveredRevision } from '@etcd-console/core/etcd';
import type { IWatchResponse } from 'etcd3';
import { describe, expect, it } from 'vitest';
import { estimateRevisionTime } from '@/lib/subscribers/change-time';
import { coversKey } from '@/lib/subscribers/coverage';
import { describeLag } from '@/lib/subscribers/lag';
import { configRanges } from '@/lib/subscribers/prefix-changes';
import { verdictFor } from '@/lib/subscribers/propagation';
import type { LiveSubscriber } from '@/lib/subscribers/read-statuses';

function response(header: number, eventRevisions: number[]): IWatchResponse {
  return {
    header: { revision: String(header) },
    events: eventRevisions.map((r) => ({ type: 'Put', kv: { mod_revision: String(r) } })),
  } as unknown as IWatchResponse;
}

function subscriber(fields: Partial<LiveSubscriber>): LiveSubscriber {
  return {
    app: 'a',
    instance: 'i',
    host: 'h',
    pid: 1,
    sdkVersion: '0',
    prefix: '/config/',
    appliedRevision: 10,
    appliedAt: '2030-01-01T00:00:00.000Z',
    startedAt: '2030-01-01T00:00:00.000Z',
    key: '/subscribers/a/i',
    lease: '1',
    modRevision: 11,
    ...fields,
  };
}

describe('the revision a watch response proves applied', () => {
  it('is the header revision for a live or complete catch-up response', () => {
    expect(coveredRevision(response(40, [37, 38]))).toBe(40);
    expect(coveredRevision(response(40, []))).toBe(40);
  });

  it('is the last event for a catch-up slice cut at 1,000 revisions', () => {
    const revisions = Array.from({ length: 1000 }, (_, i) => 100 + i);
    expect(coveredRevision(response(5000, revisions))).toBe(1099);
  });
});

describe('coverage, lag and verdicts', () => {
  it('never counts the status area as config', () => {
    expect(coversKey('/', '/subscribers/a/i')).toBe(false);
    expect(coversKey('/config/', '/config/x')).toBe(true);
    expect(configRanges('', '/').map((r) => [String(r.key), String(r.range_end)])).toEqual([
      ['/', '/subscribers/'],
      ['/subscribers0', '0'],
    ]);
    expect(configRanges('', '/subscribers/x')).toEqual([]);
  });

  it('describes applied, behind and error', () => {
    const now = Date.parse('2030-01-01T00:00:10Z');
    expect(describeLag({ appliedRevision: 9, latestRevision: 9, firstUnappliedAt: null, now }).summary).toBe(
      'applied',
    );
    const behind = describeLag({ appliedRevision: 9, latestRevision: 12, firstUnappliedAt: now - 2500, now });
    expect(behind).toMatchObject({ state: 'behind', revisionsBehind: 3, secondsBehind: 2.5 });
    expect(behind.summary).toBe('behind by 3 revisions / 2.5 s');
    const failing = describeLag({
      appliedRevision: 9,
      latestRevision: 9,
      firstUnappliedAt: null,
      now,
      lastError: { message: 'bad' },
    });
    expect(failing.summary).toBe('error: bad');
  });

  it('applies (key, R) iff appliedRevision >= R, errored when that key holds its last good value', () => {
    expect(verdictFor(subscriber({ appliedRevision: 9 }), '/config/x', 10)).toBe('pending');
    expect(verdictFor(subscriber({ appliedRevision: 10 }), '/config/x', 10)).toBe('applied');
    expect(verdictFor(subscriber({ failedKeys: ['/config/x'] }), '/config/x', 10)).toBe('errored');
    expect(verdictFor(subscriber({ failedKeys: ['/config/y'] }), '/config/x', 10)).toBe('applied');
  });

  it('dates a revision by the earliest status entry written after it', () => {
    const subs = [
      subscriber({ modRevision: 5, updatedAt: '2030-01-01T00:00:01Z' }),
      subscriber({ modRevision: 12, updatedAt: '2030-01-01T00:00:03Z' }),
      subscriber({ modRevision: 15, updatedAt: '2030-01-01T00:00:02Z' }),
    ];
    expect(estimateRevisionTime(10, subs)).toBe(Date.parse('2030-01-01T00:00:02Z'));
    expect(estimateRevisionTime(20, subs)).toBeNull();
  });
});
