// A worker's finishes and claims of one event-loop turn travel as one etcd transaction (nested, one per step), and
// each step still succeeds or fails on its own compares, under the console's key prefix.

import type { ClaimRequest, ResultRecord } from '@etcd-console/core/worker';
import { runKey } from '@etcd-console/core/worker';
import { sendCommand } from '@etcd-console/sdk/worker';
import type { Namespace } from 'etcd3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunBatch } from '@/packages/sdk/src/worker/run-batch';
import { startTestEtcd, type TestEtcd } from '../helpers/etcd';

const PREFIX = '/batch-test';
const GROUP = 'b';

describe('dispatch: batched finishes and claims', () => {
  let etcd: TestEtcd;
  let kv: Namespace;
  let lease: string;

  beforeAll(async () => {
    etcd = await startTestEtcd();
    kv = etcd.client.namespace(PREFIX);
    lease = String((await etcd.client.leaseClient.leaseGrant({ TTL: 60, ID: 0 })).ID);
  });

  afterAll(async () => {
    await etcd?.destroy();
  });

  const send = async () =>
    (await sendCommand({ client: etcd.client, prefix: PREFIX, group: GROUP, type: 'echo' })).id;
  const claimOf = (id: string, workerId = 'w1', attempt = 1): ClaimRequest => ({
    ref: { group: GROUP, id, slot: '_any' },
    claim: { workerId, attempt, claimedAt: new Date().toISOString() },
    lease,
    loss: null,
  });
  const resultOf = (workerId = 'w1'): ResultRecord => ({
    workerId,
    attempt: 1,
    status: 'succeeded',
    result: { ok: true },
    error: null,
    startedAt: new Date().toISOString(),
    finishedAt: new Date().toISOString(),
    percent: null,
    message: '',
  });
  const value = async (id: string, field: 'claim' | 'result') => {
    const item = (await kv.get(runKey(GROUP, id, '_any', field)).exec()).kvs[0];
    return item ? { revision: Number(item.mod_revision), ...JSON.parse(item.value.toString()) } : null;
  };

  it('claims and finishes several commands in one revision, each on its own compares', async () => {
    const [a, b, c, taken] = [await send(), await send(), await send(), await send()];
    const batch = new RunBatch(kv);
    // First turn: two claims, one transaction.
    const [ra, rb] = await Promise.all([batch.claim(claimOf(a!)), batch.claim(claimOf(b!))]);
    expect(ra).toBeGreaterThan(0);
    expect(rb).toBe(ra);
    expect(await value(a!, 'claim')).toMatchObject({ workerId: 'w1', attempt: 1, revision: ra });

    // Someone else holds `taken`; `b` is finished with a stale claim revision: those two steps fail, the rest apply.
    await kv
      .put(runKey(GROUP, taken!, '_any', 'claim'))
      .value('{}')
      .exec();
    const [fa, fb, rc, rt] = await Promise.all([
      batch.finish({ group: GROUP, id: a!, slot: '_any' }, ra!, resultOf()),
      batch.finish({ group: GROUP, id: b!, slot: '_any' }, ra! - 1, resultOf()),
      batch.claim(claimOf(c!)),
      batch.claim(claimOf(taken!, 'w2')),
    ]);
    expect([fa, fb, rt]).toEqual(['recorded', 'lost', null]);
    expect(rc).toBeGreaterThan(ra!);
    expect(await value(a!, 'claim')).toBeNull();
    expect(await value(a!, 'result')).toMatchObject({ status: 'succeeded', revision: rc });
    expect(await value(b!, 'result')).toBeNull();
    expect(await value(b!, 'claim')).toMatchObject({ workerId: 'w1' });
    expect(await value(c!, 'claim')).toMatchObject({ workerId: 'w1', revision: rc });

    // A finish sent again after it applied (an answer that never came) still reads as recorded.
    expect(await batch.finish({ group: GROUP, id: a!, slot: '_any' }, ra!, resultOf())).toBe('recorded');
  });

  it('rejects every step of a transaction etcd refuses, e.g. a claim under a lease that is gone', async () => {
    const [a, b] = [await send(), await send()];
    const batch = new RunBatch(kv);
    const claimed = await batch.claim(claimOf(a!));
    await etcd.client.leaseClient.leaseRevoke({ ID: lease });
    const outcomes = await Promise.allSettled([
      batch.finish({ group: GROUP, id: a!, slot: '_any' }, claimed!, resultOf()),
      batch.claim(claimOf(b!)),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(String((outcomes[0] as PromiseRejectedResult).reason)).toMatch(/lease not found/i);
    expect(await value(b!, 'claim')).toBeNull();
  });
});
