// The registry SDK in real child processes against a real etcd: crash, graceful stop, and an etcd outage.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ChildInstance, spawnInstance } from '../fixtures/registry-spawn';
import { startTestEtcd, type TestEtcd, waitUntilServing } from '../helpers/etcd';

const TTL = 2;

async function keyLease(etcd: TestEtcd, key: string): Promise<string | null> {
  const res = await etcd.client.get(key).exec();
  return res.kvs[0]?.lease ?? null;
}

/** Polls until `test` holds; returns the milliseconds it took. */
async function waitUntil(test: () => Promise<boolean>, timeoutMs: number, stepMs = 50): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await test().catch(() => false)) return Date.now() - started;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

describe('registry SDK in a child process', () => {
  let etcd: TestEtcd;
  const children: ChildInstance[] = [];
  const start = (id: string, ttl = TTL) => {
    const child = spawnInstance(etcd.endpoints, ['lifecycle', id, String(ttl)]);
    children.push(child);
    return child;
  };

  beforeAll(async () => {
    etcd = await startTestEtcd();
  });
  afterEach(async () => {
    await Promise.all(children.splice(0).map((c) => c.stop()));
  });
  afterAll(async () => {
    await etcd?.destroy();
  });

  it('registers a JSON instance on a lease of the requested TTL', async () => {
    const child = start('json');
    const ready = await child.waitFor('ready');
    expect(ready.key).toBe('/services/lifecycle/json');
    const value = JSON.parse((await etcd.client.get('/services/lifecycle/json').string()) ?? 'null');
    expect(value).toMatchObject({
      id: 'json',
      service: 'lifecycle',
      address: '127.0.0.1',
      port: 8080,
      status: 'up',
    });
    expect(typeof value.registeredAt).toBe('string');
    const lease = await keyLease(etcd, '/services/lifecycle/json');
    expect(lease).toBe(ready.lease);
    const ttl = await etcd.client.leaseClient.leaseTimeToLive({ ID: lease! });
    expect(Number(ttl.grantedTTL)).toBe(TTL);
  });

  it('disappears within TTL + 1 s after SIGKILL', async () => {
    const child = start('killed');
    await child.waitFor('ready');
    child.proc.kill('SIGKILL');
    const killedAt = Date.now();
    await child.exited;
    await waitUntil(
      async () => (await keyLease(etcd, '/services/lifecycle/killed')) === null,
      (TTL + 1) * 1000,
    );
    expect(Date.now() - killedAt).toBeLessThanOrEqual((TTL + 1) * 1000);
  });

  it('deregisters at once on SIGTERM and exits by that signal', async () => {
    const child = start('terminated', 30);
    await child.waitFor('ready');
    child.proc.kill('SIGTERM');
    const took = await waitUntil(
      async () => (await keyLease(etcd, '/services/lifecycle/terminated')) === null,
      1500,
    );
    expect(took).toBeLessThan(1500);
    const exit = await child.exited;
    expect(exit.signal).toBe('SIGTERM');
  });

  it('re-registers by itself after etcd was down for longer than the TTL', async () => {
    const key = '/services/lifecycle/outage';
    const child = start('outage');
    const ready = await child.waitFor('ready');
    const member = etcd.members[0]!;
    await member.stop();
    // Longer than 2 × TTL, so the client gives the lease up as lost while etcd is away.
    await new Promise((r) => setTimeout(r, (2 * TTL + 1) * 1000));
    const eventsBefore = child.events.length;
    await member.start();
    await waitUntilServing(etcd.client);
    await child.waitFor('registered', 20_000, eventsBefore);
    // Back, on a lease that is being kept alive: still there well past one TTL after the restart.
    await waitUntil(async () => (await keyLease(etcd, key)) !== null, 10_000);
    await new Promise((r) => setTimeout(r, (TTL + 1) * 1000));
    const lease = await keyLease(etcd, key);
    expect(lease).not.toBeNull();
    expect(lease).not.toBe(ready.lease);
    const ttl = await etcd.client.leaseClient.leaseTimeToLive({ ID: lease! });
    expect(Number(ttl.TTL)).toBeGreaterThan(0);
  });
});
