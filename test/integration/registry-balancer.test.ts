// discover, watchService and createBalancer against a real etcd, with instances registered by the SDK.

import {
  type Balancer,
  createBalancer,
  discover,
  type RegisteredInstance,
  registerInstance,
  type ServiceChange,
  watchService,
} from '@etcd-console/sdk/registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEtcd, type TestEtcd } from '../helpers/etcd';

let etcd: TestEtcd;
const open: Array<{ close(): Promise<void> }> = [];

async function register(service: string, id: string, weight = 1): Promise<RegisteredInstance> {
  const instance = await registerInstance({
    service,
    id,
    address: '127.0.0.1',
    port: 9000,
    weight,
    ttl: 10,
    handleSignals: false,
    etcd: { endpoints: etcd.endpoints },
    prefix: '/sdk',
  });
  open.push(instance);
  return instance;
}

async function balancer(service: string, strategy: 'round-robin' | 'weighted' | 'random'): Promise<Balancer> {
  const b = await createBalancer(service, { strategy, etcd: { endpoints: etcd.endpoints }, prefix: '/sdk' });
  open.push(b);
  return b;
}

function counts(b: Balancer, times: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < times; i++) {
    const id = b.pick()?.id ?? 'none';
    out[id] = (out[id] ?? 0) + 1;
  }
  return out;
}

async function eventually(test: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  etcd = await startTestEtcd();
});
afterAll(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
  await etcd?.destroy();
});

describe('registry SDK readers', () => {
  it('discovers instances by id, under the prefix', async () => {
    await register('disc', 'b');
    await register('disc', 'a');
    const found = await discover('disc', { etcd: { endpoints: etcd.endpoints }, prefix: '/sdk' });
    expect(found.map((i) => i.id)).toEqual(['a', 'b']);
    expect(found[0]).toMatchObject({
      service: 'disc',
      address: '127.0.0.1',
      port: 9000,
      status: 'up',
      format: 'json',
    });
    expect(await etcd.client.get('/sdk/services/disc/a').string()).not.toBeNull();
  });

  it('watches from the revision after the load, without missing a change', async () => {
    const changes: ServiceChange[] = [];
    const watch = await watchService('watched', (c) => changes.push(c), {
      etcd: { endpoints: etcd.endpoints },
      prefix: '/sdk',
    });
    open.push(watch);
    expect(changes[0]).toMatchObject({ reason: 'initial', instances: [] });
    const one = await register('watched', 'one');
    await register('watched', 'two');
    await one.close();
    await eventually(
      () =>
        watch
          .instances()
          .map((i) => i.id)
          .join() === 'two',
    );
    // Every state in between was seen, in order.
    expect(changes.map((c) => c.instances.map((i) => i.id).join())).toEqual(['', 'one', 'one,two', 'two']);
  });

  it('round-robins three instances a third each', async () => {
    await register('rr', 'x');
    await register('rr', 'y');
    await register('rr', 'z');
    const b = await balancer('rr', 'round-robin');
    expect(counts(b, 300)).toEqual({ x: 100, y: 100, z: 100 });
  });

  it('weights picks by weight, smoothly', async () => {
    await register('wt', 'one', 1);
    await register('wt', 'two', 2);
    const b = await balancer('wt', 'weighted');
    expect(counts(b, 300)).toEqual({ one: 100, two: 200 });
  });

  it('never picks a draining instance, with any strategy', async () => {
    await register('dr', 'keep');
    const leaving = await register('dr', 'leave');
    const all = await Promise.all(
      (['round-robin', 'weighted', 'random'] as const).map((s) => balancer('dr', s)),
    );
    await leaving.setStatus('draining');
    await eventually(() => all.every((b) => b.instances().some((i) => i.status === 'draining')));
    for (const b of all) expect(counts(b, 50)).toEqual({ keep: 50 });
  });

  it('picks nothing when the service is empty', async () => {
    const b = await balancer('empty', 'round-robin');
    expect(b.pick()).toBeUndefined();
    const late = await register('empty', 'late');
    await eventually(() => b.pick()?.id === 'late');
    await late.close();
    await eventually(() => b.pick() === undefined);
  });
});
