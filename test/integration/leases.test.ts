// The lease routes on a real etcd: list with TTLs and sample keys, detail, keep-alive, revoke, 404 and 400.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as keepaliveRoute from '@/app/api/v1/leases/[id]/keepalive/route';
import * as leaseRoute from '@/app/api/v1/leases/[id]/route';
import * as leasesRoute from '@/app/api/v1/leases/route';
import { resetConsoleClient, routeContext, useConsoleEtcd } from '../helpers/console-env';
import { startTestEtcd, type TestEtcd } from '../helpers/etcd';

type Handler = (request: Request, context: ReturnType<typeof routeContext>) => Promise<Response>;

async function call(handler: Handler, url: string, params: Record<string, string> = {}, method = 'GET') {
  const res = await handler(new Request(`http://console${url}`, { method }), routeContext(params));
  // biome-ignore lint/suspicious/noExplicitAny: test answers are checked field by field
  return { status: res.status, body: (await res.json()) as any };
}

const PREFIX = '/tenant';
let etcd: TestEtcd;

async function grant(ttl: number): Promise<string> {
  const res = await etcd.client.leaseClient.leaseGrant({ TTL: ttl, ID: 0 });
  return res.ID;
}

beforeAll(async () => {
  etcd = await startTestEtcd();
  useConsoleEtcd(etcd.endpoints, { ETCD_PREFIX: PREFIX });
});
afterAll(async () => {
  resetConsoleClient();
  await etcd?.destroy();
});

describe('leases', () => {
  it('lists every lease with remaining and granted TTL, key count and up to five sample keys', async () => {
    const many = await grant(60);
    for (let i = 0; i < 7; i++) await etcd.client.put(`${PREFIX}/jobs/k${i}`).value('v').lease(many).exec();
    const outside = await grant(30);
    await etcd.client.put('/elsewhere/x').value('v').lease(outside).exec();
    await etcd.client
      .put(Buffer.from([0x2f, 0x74, 0x65, 0x6e, 0x61, 0x6e, 0x74, 0x2f, 0xff]))
      .value('v')
      .lease(outside)
      .exec();

    const { status, body } = await call(leasesRoute.GET, '/api/v1/leases');
    expect(status).toBe(200);
    expect(body.total).toBe(2);
    const first = body.leases.find((l: { id: string }) => l.id === many);
    expect(first).toMatchObject({ grantedTtl: 60, keyCount: 7 });
    expect(first.ttl).toBeGreaterThan(50);
    expect(first.sampleKeys).toHaveLength(5);
    expect(first.sampleKeys[0]).toEqual({ key: '/jobs/k0', encoding: 'utf8', inKeyspace: true });
    const second = body.leases.find((l: { id: string }) => l.id === outside);
    expect(second.sampleKeys).toEqual(
      expect.arrayContaining([
        { key: '/elsewhere/x', encoding: 'utf8', inKeyspace: false },
        { key: Buffer.from([0x2f, 0xff]).toString('base64'), encoding: 'base64', inKeyspace: true },
      ]),
    );
    // IDs exceed 2^53 and travel as decimal strings, sorted as numbers.
    expect(BigInt(body.leases[0].id) < BigInt(body.leases[1].id)).toBe(true);

    const paged = await call(leasesRoute.GET, '/api/v1/leases?limit=1');
    expect(paged.body.leases).toHaveLength(1);
    const next = await call(leasesRoute.GET, `/api/v1/leases?limit=1&after=${paged.body.nextAfter}`);
    expect(next.body.leases[0].id).not.toBe(paged.body.leases[0].id);
    expect(next.body.nextAfter).toBeNull();
  });

  it('shows one lease with every key, renews it once, and revoking it removes its keys', async () => {
    const id = await grant(20);
    await etcd.client.put(`${PREFIX}/svc/a`).value('1').lease(id).exec();
    await etcd.client.put(`${PREFIX}/svc/b`).value('2').lease(id).exec();

    const detail = await call(leaseRoute.GET, `/api/v1/leases/${id}`, { id });
    expect(detail.status).toBe(200);
    expect(detail.body.keys.map((k: { key: string }) => k.key)).toEqual(['/svc/a', '/svc/b']);

    await new Promise((r) => setTimeout(r, 1100));
    const renewed = await call(keepaliveRoute.POST, `/api/v1/leases/${id}/keepalive`, { id }, 'POST');
    expect(renewed).toEqual({ status: 200, body: { id, ttl: 20 } });

    const revoked = await call(leaseRoute.DELETE, `/api/v1/leases/${id}`, { id }, 'DELETE');
    expect(revoked.status).toBe(200);
    expect(revoked.body.removedKeys.map((k: { key: string }) => k.key)).toEqual(['/svc/a', '/svc/b']);
    expect(await etcd.client.getAll().prefix(`${PREFIX}/svc/`).keys()).toEqual([]);
  });

  const routes: Record<string, [Handler, string]> = {
    GET: [leaseRoute.GET, 'GET'],
    DELETE: [leaseRoute.DELETE, 'DELETE'],
    'POST keepalive': [keepaliveRoute.POST, 'POST'],
  };
  it.each([
    ['GET', '123456789012345678', 404],
    ['DELETE', '123456789012345678', 404],
    ['POST keepalive', '123456789012345678', 404],
    ['GET', '0', 400],
    ['GET', 'abc', 400],
    ['GET', '99999999999999999999', 400],
  ] as const)('%s of lease %s answers %i', async (label, id, expected) => {
    const [handler, method] = routes[label]!;
    const res = await call(handler, `/api/v1/leases/${id}`, { id }, method);
    expect(res.status).toBe(expected);
  });
});
