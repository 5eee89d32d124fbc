// The rules that turn a command's keys into its state, shared by workers and the console.

import {
  CommandTable,
  claimableSlot,
  commandState,
  latestAttempt,
  parseCommandKey,
  slotState,
  unrecordedLoss,
} from '@etcd-console/core/worker';
import type { IKeyValue } from 'etcd3';
import { describe, expect, it } from 'vitest';
import { overPolicy } from '@/lib/dispatch/prune';

let revision = 0;
function kv(key: string, value: unknown, lease = '0'): IKeyValue {
  revision++;
  return {
    key: Buffer.from(key),
    value: Buffer.from(JSON.stringify(value)),
    create_revision: String(revision),
    mod_revision: String(revision),
    version: '1',
    lease,
  };
}

const now = Date.parse('2030-01-01T00:00:00Z');
const at = '2030-01-01T00:00:00Z';
const spec = (extra: object = {}) => ({
  id: 'c1',
  group: 'g',
  type: 'push',
  mode: 'any',
  createdAt: at,
  ...extra,
});

function table(...items: Array<[string, unknown]>) {
  const t = new CommandTable();
  for (const [key, value] of items)
    t.put(kv(`/commands/g/c1/${key}`, value, key.endsWith('claim') ? '7' : '0'));
  return t.get('c1')!;
}

describe('command keys', () => {
  it.each([
    ['/commands/g/c1/spec', { kind: 'spec' }],
    ['/commands/g/c1/cancel', { kind: 'cancel' }],
    ['/commands/g/c1/runs/_any/claim', { kind: 'run', slot: '_any', field: 'claim' }],
    ['/commands/g/c1/history/w1/000012/lost', { kind: 'history', slot: 'w1', attempt: 12, event: 'lost' }],
    ['/commands/g/c1/retries/c2', { kind: 'retry', newId: 'c2' }],
  ])('parses %s', (key, part) => {
    expect(parseCommandKey(key)).toEqual({ group: 'g', id: 'c1', part });
  });

  it.each([
    '/commands/_index/c1',
    '/commands/g/c1/runs/_any/other',
    '/commands/g/c1/history/w1/12/lost',
    '/other/g/c1/spec',
  ])('ignores %s', (key) => expect(parseCommandKey(key)).toBeNull());
});

describe('mode any', () => {
  it.each([
    ['queued', [['spec', spec()]]],
    [
      'running',
      [
        ['spec', spec()],
        ['runs/_any/claim', { workerId: 'w1', attempt: 1, claimedAt: at }],
      ],
    ],
    [
      'succeeded',
      [
        ['spec', spec()],
        ['runs/_any/result', { status: 'succeeded', finishedAt: at }],
      ],
    ],
    [
      'cancelled',
      [
        ['spec', spec()],
        ['cancel', { requestedAt: at }],
      ],
    ],
    [
      'running',
      [
        ['spec', spec()],
        ['cancel', { requestedAt: at }],
        ['runs/_any/claim', { workerId: 'w1', attempt: 1, claimedAt: at }],
      ],
    ],
    ['failed', [['spec', spec({ deadline: '2029-12-31T23:59:59Z' })]]],
  ] as Array<[string, Array<[string, unknown]>]>)('reads %s', (state, items) => {
    expect(commandState(table(...items), now)).toBe(state);
  });

  it('sees a claim that vanished without a result as a loss until it is recorded', () => {
    const claimed = ['history/_any/000001/claimed', { workerId: 'w1', at }] as [string, unknown];
    const entry = table(['spec', spec()], claimed);
    expect(slotState(entry, '_any', now)).toBe('queued');
    expect(unrecordedLoss(entry, '_any')).toEqual({ attempt: 1, workerId: 'w1' });
    expect(latestAttempt(entry, '_any')).toBe(1);
    const recorded = table(['spec', spec()], claimed, ['history/_any/000001/lost', { workerId: 'w1', at }]);
    expect(unrecordedLoss(recorded, '_any')).toBeNull();
    expect(claimableSlot(recorded, 'w2', new Set(['push']), now)).toBe('_any');
  });

  it('is claimable only by workers that handle the type and are addressed', () => {
    const entry = table(['spec', spec({ workerId: 'w2' })]);
    expect(claimableSlot(entry, 'w1', new Set(['push']), now)).toBeNull();
    expect(claimableSlot(entry, 'w2', new Set(['other']), now)).toBeNull();
    expect(claimableSlot(entry, 'w2', new Set(['push']), now)).toBe('_any');
  });
});

describe('mode all', () => {
  const all = spec({ mode: 'all', targets: ['a', 'b'] });
  const done = { status: 'succeeded', finishedAt: at };

  it('is running while a live target has not run it, and finished once the rest are lost', () => {
    const entry = table(['spec', all], ['runs/a/result', done]);
    expect(commandState(entry, now, (id) => id === 'a' || id === 'b')).toBe('running');
    expect(commandState(entry, now, (id) => id === 'a')).toBe('succeeded');
    expect(claimableSlot(entry, 'b', new Set(['push']), now)).toBe('b');
    expect(claimableSlot(entry, 'c', new Set(['push']), now)).toBeNull();
  });

  it('fails when every target was lost, and is failed by any failed run', () => {
    expect(commandState(table(['spec', all]), now, () => false)).toBe('failed');
    const failed = table(
      ['spec', all],
      ['runs/a/result', done],
      ['runs/b/result', { status: 'failed', finishedAt: at }],
    );
    expect(commandState(failed, now)).toBe('failed');
  });

  it('closes an untargeted command to newcomers once its runs are done', () => {
    const open = table(['spec', spec({ mode: 'all' })]);
    expect(claimableSlot(open, 'x', new Set(['push']), now)).toBe('x');
    const closed = table(['spec', spec({ mode: 'all' })], ['runs/a/result', done]);
    expect(commandState(closed, now)).toBe('succeeded');
    expect(claimableSlot(closed, 'x', new Set(['push']), now)).toBeNull();
  });
});

describe('retention', () => {
  it('keeps the newest N and drops anything older than the age limit', () => {
    const items = [
      { id: 'a', at: 1000 },
      { id: 'b', at: 5000 },
      { id: 'c', at: 9000 },
      { id: 'd', at: 8000 },
    ];
    expect(overPolicy(items, 2, 100_000, 10_000).sort()).toEqual(['a', 'b']);
    expect(overPolicy(items, 10, 6000, 10_000).sort()).toEqual(['a']);
  });
});
