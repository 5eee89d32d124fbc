// Services registered by other frameworks, written byte-for-byte as each writes them (scripts/demo/foreign-layouts.mjs
// cites the framework file of every writer), read through the services routes on a real etcd.
import type { Lease } from 'etcd3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LAYOUT_IDS,
  type LayoutId,
  RPCX_BASE_PATH,
  readBackExpectation,
  writeForeignInstance,
} from '@/scripts/demo/foreign-layouts.mjs';
import { type ApiEnv, call, type Handler, PREFIX, startApiEnv } from '../fixtures/registry-api-env';

let env: ApiEnv;
let listRoute: { GET: Handler };
let detailRoute: { GET: Handler };
let pickRoute: { GET: Handler };
let instanceRoute: { PATCH: Handler; DELETE: Handler };
let forgetDetections: () => void;

beforeAll(async () => {
  env = await startApiEnv();
  listRoute = await import('@/app/api/v1/services/route');
  detailRoute = await import('@/app/api/v1/services/[name]/route');
  pickRoute = await import('@/app/api/v1/services/[name]/pick/route');
  instanceRoute = await import('@/app/api/v1/services/[name]/instances/[id]/route');
  ({ forgetDetections } = await import('@/lib/layouts/active'));
});
afterAll(async () => {
  await env?.close();
});

const TTL = 2;
const ns = () => env.etcd.client.namespace(PREFIX);
const enc = encodeURIComponent;

/** The console names an rpcx service with its base path: two bases may hold the same name. */
function expected(layout: LayoutId, opts: { service: string; host: string; port: number }) {
  const e = readBackExpectation(layout, opts);
  return layout === 'rpcx' ? { ...e, service: `${RPCX_BASE_PATH}/${opts.service}` } : e;
}

async function list() {
  forgetDetections();
  const res = await call(listRoute.GET, '/api/v1/services', {});
  expect(res.status).toBe(200);
  return res.body.services as Array<{ name: string; layout: string; up: number; instances: number }>;
}

const detail = (layout: string, name: string) =>
  call(detailRoute.GET, `/api/v1/services/${enc(name)}?layout=${layout}`, { name });
const pick = (layout: string, name: string) =>
  call(pickRoute.GET, `/api/v1/services/${enc(name)}/pick?layout=${layout}`, { name });

async function waitGone(layout: string, name: string, limitMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < limitMs + 2000) {
    const res = await detail(layout, name);
    if (res.status === 200 && res.body.instances.length === 0) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 100));
  }
  return Number.POSITIVE_INFINITY;
}

describe.each(LAYOUT_IDS.map((l, i) => [l, i] as const))('%s, as the framework writes it', (layout, i) => {
  const opts = {
    service: `svc${i}-${layout.replace(/-/g, '')}`,
    id: `n${i}`,
    host: `10.9.0.${i + 1}`,
    port: 7000 + i,
    ttl: TTL,
  };
  let lease: Lease | null = null;

  it('is listed under its service and layout, with its address and port, and picked', async () => {
    ({ lease } = await writeForeignInstance(ns(), layout, opts));
    const want = expected(layout, opts);
    expect(await list()).toContainEqual(expect.objectContaining({ name: want.service, layout, up: 1 }));
    const res = await detail(layout, want.service);
    expect(res.status).toBe(200);
    expect(res.body.layout.id).toBe(layout);
    expect(res.body.instances).toHaveLength(1);
    expect(res.body.instances[0]).toMatchObject({
      address: want.address,
      port: want.port,
      status: 'up',
      layout,
    });
    const picked = await pick(layout, want.service);
    expect(picked.status).toBe(200);
    expect(picked.body.instance).toMatchObject({ address: want.address, port: want.port });
  });

  it('is gone within TTL + 1 s once its lease is no longer kept alive', async () => {
    expect(lease).not.toBeNull();
    const want = expected(layout, opts);
    // Stop the keep-alive without revoking: the lease expires as when the process dies.
    lease!.release();
    const took = await waitGone(layout, want.service, (TTL + 1) * 1000);
    expect(took).toBeLessThanOrEqual((TTL + 1) * 1000);
    expect((await pick(layout, want.service)).status).toBe(503);
    expect((await list()).some((s) => s.name === want.service && s.layout === layout)).toBe(false);
  });
});

describe('foreign services on the routes', () => {
  it('picks only live instances: an expired one and one rpcx deactivated are never chosen', async () => {
    const a = await writeForeignInstance(ns(), 'grpc-naming', {
      service: 'pool/live',
      host: '10.8.0.1',
      port: 1,
      ttl: 30,
    });
    const b = await writeForeignInstance(ns(), 'grpc-naming', {
      service: 'pool/live',
      host: '10.8.0.2',
      port: 2,
      ttl: TTL,
    });
    b.lease!.release();
    await writeForeignInstance(ns(), 'rpcx', { service: 'Pool', host: '10.8.0.3', port: 3, ttl: 30 });
    await writeForeignInstance(ns(), 'rpcx', {
      service: 'Pool',
      host: '10.8.0.4',
      port: 4,
      ttl: 30,
      metadata: { state: 'inactive' },
    });
    await new Promise((r) => setTimeout(r, (TTL + 1) * 1000));
    for (let n = 0; n < 6; n++) {
      expect((await pick('grpc-naming', 'pool/live')).body.instance.address).toBe('10.8.0.1');
      expect((await pick('rpcx', `${RPCX_BASE_PATH}/Pool`)).body.instance.address).toBe('10.8.0.3');
    }
    await a.lease!.revoke();
  });

  it('deregisters by revoking the lease, or by deleting the key where the layout says so; never drains', async () => {
    const k = await writeForeignInstance(ns(), 'kratos', {
      service: 'dereg',
      id: 'k1',
      host: '10.7.0.1',
      port: 9000,
    });
    const path = (name: string, id: string, layout: string) =>
      `/api/v1/services/${enc(name)}/instances/${enc(id)}?layout=${layout}`;
    const drained = await call(
      instanceRoute.PATCH,
      path('dereg', 'k1', 'kratos'),
      { name: 'dereg', id: 'k1' },
      {
        method: 'PATCH',
        body: { status: 'draining' },
      },
    );
    expect(drained.status).toBe(422);
    const gone = await call(
      instanceRoute.DELETE,
      path('dereg', 'k1', 'kratos'),
      { name: 'dereg', id: 'k1' },
      {
        method: 'DELETE',
      },
    );
    expect(gone.status).toBe(200);
    expect(gone.body.revokedLease).toBe(await k.lease!.grant());
    expect(gone.body.removedKeys).toEqual(['/microservices/dereg/k1']);

    // A CoreDNS record on a lease that holds another key too: only the record goes.
    const dns = await writeForeignInstance(ns(), 'coredns', {
      service: 'web',
      id: 'x1',
      host: '10.7.0.2',
      port: 80,
      ttl: 30,
    });
    await dns.lease!.put('/other/kept').value('on the same lease');
    const del = await call(
      instanceRoute.DELETE,
      path('web.skydns.local', 'x1', 'coredns'),
      {
        name: 'web.skydns.local',
        id: 'x1',
      },
      { method: 'DELETE' },
    );
    expect(del.status).toBe(200);
    expect(del.body).toMatchObject({ revokedLease: null, removedKeys: ['/skydns/local/skydns/web/x1'] });
    expect(await ns().get('/other/kept').string()).toBe('on the same lease');
    await dns.lease!.revoke();
  });

  it('keeps names our registry forbids safe, and answers bad input clearly', async () => {
    const url = await writeForeignInstance(ns(), 'dubbo', {
      service: 'org.apache.dubbo.demo.GreeterService',
      host: '10.6.0.1',
      port: 20000,
      ttl: 30,
    });
    const res = await detail('dubbo', 'org.apache.dubbo.demo.GreeterService');
    expect(res.status).toBe(200);
    const id: string = res.body.instances[0].id;
    expect(id).toContain('%3A%2F%2F');
    expect(url.keys.at(-1)).toBe(`/dubbo/org.apache.dubbo.demo.GreeterService/providers/${id}`);
    const cases: Array<[string, string, number]> = [
      ['console', 'bad name', 400],
      ['nope', 'x', 404],
      ['NOT_AN_ID', 'x', 400],
      ['grpc-naming', 'never/registered', 200],
    ];
    for (const [layout, name, status] of cases) expect((await detail(layout, name)).status).toBe(status);
    await url.lease!.revoke();
  });
});
