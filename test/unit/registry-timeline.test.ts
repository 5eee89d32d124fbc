import type { IEvent, IKeyValue } from 'etcd3';
import { describe, expect, it } from 'vitest';
import { buildTimeline } from '@/lib/registry/timeline';

let revision = 10;

function kv(id: string, value: string, lease: string, version: number): IKeyValue {
  revision += 1;
  return {
    key: Buffer.from(`/services/s/${id}`),
    value: Buffer.from(value),
    lease,
    version: String(version),
    create_revision: '1',
    mod_revision: String(revision),
  };
}

const doc = (status: string) => JSON.stringify({ address: 'h', port: 1, status });
const put = (id: string, status: string, lease: string, version: number, prev?: IKeyValue): IEvent => ({
  type: 'Put',
  kv: kv(id, doc(status), lease, version),
  prev_kv: prev as IKeyValue,
});
const del = (id: string): IEvent => ({
  type: 'Delete',
  kv: kv(id, '', '0', 0),
  prev_kv: undefined as unknown as IKeyValue,
});

describe('buildTimeline', () => {
  it('classifies puts and deletes and counts flaps', () => {
    const events = [
      put('a', 'up', '7', 1),
      put('a', 'draining', '7', 2),
      put('a', 'up', '7', 3),
      del('a'),
      put('a', 'up', '8', 1),
      put('a', 'up', '9', 2),
    ];
    const [a] = buildTimeline('s', events, ['a']);
    expect(a!.events.map((e) => e.kind)).toEqual([
      'registered',
      'drained',
      'undrained',
      'removed',
      'registered',
      'reregistered',
    ]);
    expect(a).toMatchObject({ present: true, registrations: 3, removals: 1, drains: 1, flaps: 2 });
  });

  it('judges the first event in a window by its previous value', () => {
    const prev = kv('b', doc('up'), '5', 4);
    const [b] = buildTimeline('s', [put('b', 'draining', '5', 5, prev)], []);
    expect(b!.events[0]).toMatchObject({ kind: 'drained', lease: '5', status: 'draining' });
    expect(b!.present).toBe(true);
  });

  it('lists present instances without events, and ignores other services and nested keys', () => {
    const other: IEvent = { ...put('x', 'up', '1', 1) };
    other.kv.key = Buffer.from('/services/other/x');
    const nested: IEvent = { ...put('y', 'up', '1', 1) };
    nested.kv.key = Buffer.from('/services/s/y/z');
    expect(buildTimeline('s', [other, nested], ['quiet'])).toEqual([
      { id: 'quiet', present: true, registrations: 0, removals: 0, drains: 0, flaps: 0, events: [] },
    ]);
  });
});
