// 10,000 instances across 100 services: the list reads them in pages once; only the detail view asks about leases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiEnv, call, type Handler, PREFIX, startApiEnv } from '../fixtures/registry-api-env';
import { etcdCallsDuring } from '../helpers/etcd-calls';

const SERVICES = 100;
const PER_SERVICE = 100;
const TXN_OPS = 100;

let env: ApiEnv;
let listRoute: { GET: Handler };
let detailRoute: { GET: Handler };

function value(service: string, id: string, n: number): string {
  return JSON.stringify({
    id,
    service,
    address: `10.${Math.floor(n / 65536) % 256}.${Math.floor(n / 256) % 256}.${n % 256}`,
    port: 8080,
    metadata: { zone: `zone-${n % 3}`, build: 'abcdef0123456789' },
    weight: 1,
    status: n % 10 === 0 ? 'draining' : 'up',
    version: '1.2.3',
    registeredAt: new Date(0).toISOString(),
  });
}

/** Writes every instance with multi-put transactions, a few at a time; service-000's instances each get a lease. */
async function seed(): Promise<void> {
  const leases = await Promise.all(
    Array.from({ length: PER_SERVICE }, () => env.etcd.client.leaseClient.leaseGrant({ TTL: 600 })),
  );
  const puts: Array<{ key: Buffer; value: Buffer; lease?: string }> = [];
  for (let s = 0; s < SERVICES; s++) {
    const service = `svc-${String(s).padStart(3, '0')}`;
    for (let i = 0; i < PER_SERVICE; i++) {
      const id = `inst-${String(i).padStart(4, '0')}`;
      puts.push({
        key: Buffer.from(`${PREFIX}/services/${service}/${id}`),
        value: Buffer.from(value(service, id, s * PER_SERVICE + i)),
        ...(s === 0 ? { lease: leases[i]!.ID } : {}),
      });
    }
  }
  const batches: (typeof puts)[] = [];
  for (let i = 0; i < puts.length; i += TXN_OPS) batches.push(puts.slice(i, i + TXN_OPS));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++]!;
      await env.etcd.client.kv.txn({
        compare: [],
        success: batch.map((p) => ({ request_put: p })),
        failure: [],
      });
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
}

beforeAll(async () => {
  env = await startApiEnv();
  listRoute = await import('@/app/api/v1/services/route');
  detailRoute = await import('@/app/api/v1/services/[name]/route');
  await seed();
}, 120_000);
afterAll(async () => {
  await env?.close();
});

describe('a registry of 10,000 instances', () => {
  it('lists 100 services with their counts, reading the instances in pages once', async () => {
    await call(listRoute.GET, '/api/v1/services', {}); // warm the connection
    const { result, calls } = await etcdCallsDuring(() => call(listRoute.GET, '/api/v1/services', {}));
    const { status, body } = result;
    expect(status).toBe(200);
    expect(body.services).toHaveLength(SERVICES);
    expect(body.services[0]).toEqual({
      name: 'svc-000',
      layout: 'console',
      instances: 100,
      up: 90,
      draining: 10,
      invalid: 0,
    });
    const total = body.services.reduce((n: number, s: { instances: number }) => n + s.instances, 0);
    expect(total).toBe(SERVICES * PER_SERVICE);
    // Read in pages once: 10 pages of 1,000 over 10,000 keys, one that finds the end, and at most one read of each
    // other built-in layout's root (a read per service would be 100 or more). No lease is looked up for a list.
    expect(calls('Range') + calls('Txn')).toBeLessThanOrEqual(11 + 8);
    expect(calls('LeaseTimeToLive')).toBe(0);
  });

  it('reads one service with one lease lookup per instance', async () => {
    const { result, calls } = await etcdCallsDuring(() =>
      call(detailRoute.GET, '/api/v1/services/svc-000', { name: 'svc-000' }),
    );
    const { body } = result;
    expect(body.instances).toHaveLength(PER_SERVICE);
    expect(body.instances.every((i: { grantedTtl: number | null }) => i.grantedTtl === 600)).toBe(true);
    expect(calls('LeaseTimeToLive')).toBe(PER_SERVICE);
  });
});
