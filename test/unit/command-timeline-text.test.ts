// The Workers page reads facts back out of the timeline's English messages: this keeps the two in step.

import { CommandTable } from '@etcd-console/core/worker';
import type { IKeyValue } from 'etcd3';
import { describe, expect, it } from 'vitest';
import { describeEvent } from '@/components/workers/timeline-text';
import { commandTimeline } from '@/lib/dispatch/command-timeline';
import { formatDuration } from '@/lib/format/duration';

let revision = 0;
function kv(key: string, value: unknown): IKeyValue {
  revision++;
  return {
    key: Buffer.from(key),
    value: Buffer.from(JSON.stringify(value)),
    create_revision: String(revision),
    mod_revision: String(revision),
    version: '1',
    lease: '0',
  };
}

const t = (key: string, values?: Record<string, string | number>) => `${key}${JSON.stringify(values ?? {})}`;

function timeline(items: Array<[string, unknown]>) {
  const table = new CommandTable();
  for (const [key, value] of items) table.put(kv(`/commands/g/c2/${key}`, value));
  return commandTimeline(table.get('c2')!).map((e) => ({ type: e.type, ...describeEvent(e, t) }));
}

const at = (s: number) => new Date(Date.UTC(2030, 0, 1, 0, 0, s)).toISOString();

describe('timeline text', () => {
  it('turns every protocol event into translated text with its facts', () => {
    const events = timeline([
      [
        'spec',
        {
          id: 'c2',
          group: 'g',
          type: 'push',
          mode: 'all',
          createdAt: at(0),
          creator: 'console',
          retryOf: 'c1',
        },
      ],
      ['history/w1/000001/claimed', { workerId: 'w1', at: at(1) }],
      ['history/w1/000001/lost', { workerId: 'w1', at: at(2), by: 'worker:w2', reason: 'lease expired' }],
      ['history/w2/000001/claimed', { workerId: 'w2', at: at(3) }],
      ['history/w2/000001/released', { workerId: 'w2', at: at(4), reason: 'closing' }],
      ['cancel', { requestedAt: at(5), by: 'console' }],
      [
        'runs/w3/result',
        { workerId: null, attempt: 0, status: 'failed', finishedAt: at(6), by: 'console', error: null },
      ],
      [
        'runs/w4/result',
        { workerId: 'w4', attempt: 1, status: 'failed', finishedAt: at(7), error: { message: 'disk full' } },
      ],
      ['retries/c3', { at: at(8), by: 'console' }],
    ]);
    expect(events).toEqual([
      { type: 'created', text: 'createdRetry{"creator":"console"}', link: 'c1' },
      { type: 'claimed', text: 'claimed{"worker":"w1","attempt":1}' },
      { type: 'requeued', text: 'lost{"worker":"w1","attempt":1}' },
      { type: 'claimed', text: 'claimed{"worker":"w2","attempt":1}' },
      { type: 'requeued', text: 'released{"worker":"w2","attempt":1}', detail: 'closing' },
      { type: 'cancel-requested', text: 'cancelRequested{"by":"console"}' },
      { type: 'failed', text: 'failed{} · recordedBy{"by":"console"}' },
      { type: 'failed', text: 'failedBy{"worker":"w4"}', detail: 'disk full' },
      { type: 'retried', text: 'retried{"by":"console"}', link: 'c3' },
    ]);
  });

  it.each([
    [0, '0.0 s'],
    [4_250, '4.3 s'],
    [42_000, '42 s'],
    [187_000, '3m 07s'],
    [7_500_000, '2h 05m'],
    [277_200_000, '3d 5h'],
  ])('formats %i ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
