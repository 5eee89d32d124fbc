// Detection on a real etcd holding 100,000 unrelated keys: it proposes exactly the layouts seeded, and the console's
// own etcd metrics (etcd_console_etcd_keys_read_total) show it read a bounded number of keys, not the keyspace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LayoutId, writeForeignInstance } from '@/scripts/demo/foreign-layouts.mjs';
import { type ApiEnv, PREFIX, startApiEnv } from '../fixtures/registry-api-env';
import { fillKeys } from '../helpers/kv-fill';

/** What one detection may read, in keys etcd counted: the keys at the fixed roots and on the leases sampled, never the 100,000. */
const KEYS_READ_BOUND = 1_000;

let env: ApiEnv;
let detect: () => Promise<{ layouts: Array<{ id: string; roots: string[] }>; truncated: boolean }>;
let keysRead: () => Promise<number>;

beforeAll(async () => {
  env = await startApiEnv();
  const { detectLayouts } = await import('@/lib/layouts/detect');
  const { BUILT_IN_LAYOUTS } = await import('@/lib/layouts/builtin');
  const { metrics } = await import('@/lib/metrics/registry');
  detect = () => detectLayouts(BUILT_IN_LAYOUTS);
  keysRead = async () => (await metrics().etcdKeysRead.get()).values.reduce((sum, v) => sum + v.value, 0);
  // 90,000 keys in one flat directory and 10,000 over 100 top-level prefixes, some ending in decimal ids.
  const flat = Array.from({ length: 90_000 }, (_, i) => `${PREFIX}/bulk/k${String(i).padStart(6, '0')}`);
  const spread = Array.from({ length: 10_000 }, (_, i) => `${PREFIX}/app${i % 100}/cfg/${i}`);
  await fillKeys(env.etcd.client, [...flat, ...spread]);
}, 240_000);
afterAll(async () => {
  await env?.close();
});

async function seed(layouts: LayoutId[]) {
  const ns = env.etcd.client.namespace(PREFIX);
  for (const [i, layout] of layouts.entries()) {
    await writeForeignInstance(ns, layout, {
      service: `seeded${i}`,
      id: `i${i}`,
      host: '10.5.0.1',
      port: 9000 + i,
      ttl: 600,
    });
  }
}

async function measured() {
  const before = await keysRead();
  const found = await detect();
  return { ids: found.layouts.map((l) => l.id), read: (await keysRead()) - before, found };
}

describe('layout detection on a large keyspace', () => {
  it('proposes nothing on unrelated keys, reading a bounded number of them', async () => {
    const { ids, read } = await measured();
    expect(ids).toEqual([]);
    expect(read).toBeLessThanOrEqual(KEYS_READ_BOUND);
  });

  it('counts what a range walks, so a whole-prefix read could not hide', async () => {
    const { rangeBatch } = await import('@/lib/kv/range');
    const before = await keysRead();
    await rangeBatch([
      { start: Buffer.from('/bulk/'), end: Buffer.from('/bulk0'), limit: 1, keysOnly: true },
    ]);
    expect((await keysRead()) - before).toBeGreaterThanOrEqual(90_000);
  });

  it('proposes exactly the layouts seeded, then all eight', async () => {
    await seed(['go-zero', 'kratos', 'rpcx']);
    const some = await measured();
    expect(some.ids).toEqual(['go-zero', 'kratos', 'rpcx']);
    expect(some.found.layouts.find((l) => l.id === 'go-zero')!.roots).toEqual(['seeded0/']);
    expect(some.found.layouts.find((l) => l.id === 'rpcx')!.roots).toEqual(['/rpcx_test/']);
    expect(some.read).toBeGreaterThan(0);
    expect(some.read).toBeLessThanOrEqual(KEYS_READ_BOUND);

    await seed(['grpc-naming', 'go-micro', 'dubbo', 'coredns']);
    await env.etcd.client.put(`${PREFIX}/services/own/o1`).value('10.5.0.9:80');
    const all = await measured();
    expect(all.ids).toEqual([
      'console',
      'grpc-naming',
      'go-zero',
      'kratos',
      'go-micro',
      'rpcx',
      'dubbo',
      'coredns',
    ]);
    expect(all.read).toBeLessThanOrEqual(KEYS_READ_BOUND);
    console.log(`detection read ${some.read} and ${all.read} keys (bound ${KEYS_READ_BOUND})`);
  });
});
