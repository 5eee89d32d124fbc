// The registry's HTTP routes and lib functions on a real etcd, with instances registered by the SDK and by etcdctl.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiEnv, call, type Handler, PREFIX, startApiEnv } from '../fixtures/registry-api-env';

let env: ApiEnv;
let listRoute: { GET: Handler };
let detailRoute: { GET: Handler };
let pickRoute: { GET: Handler };
let instanceRoute: { PATCH: Handler; DELETE: Handler };
let getService: typeof import('@/lib/registry/get-service').getService;

beforeAll(async () => {
  env = await startApiEnv();
  listRoute = await import('@/app/api/v1/services/route');
  detailRoute = await import('@/app/api/v1/services/[name]/route');
  pickRoute = await import('@/app/api/v1/services/[name]/pick/route');
  instanceRoute = await import('@/app/api/v1/services/[name]/instances/[id]/route');
  ({ getService } = await import('@/lib/registry/get-service'));
});
afterAll(async () => {
  await env?.close();
});

const pick = (name: string, strategy = 'round-robin') =>
  call(pickRoute.GET, `/api/v1/services/${name}/pick?strategy=${strategy}`, { name });
const patch = (name: string, id: string, body: unknown) =>
  call(
    instanceRoute.PATCH,
    `/api/v1/services/${name}/instances/${id}`,
    { name, id },
    { method: 'PATCH', body },
  );

async function pickCounts(
  name: string,
  times: number,
  strategy = 'round-robin',
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (let i = 0; i < times; i++) {
    const { status, body } = await pick(name, strategy);
    expect(status).toBe(200);
    counts[body.instance.id] = (counts[body.instance.id] ?? 0) + 1;
  }
  return counts;
}

describe('instances written without the SDK', () => {
  it('shows a host:port value put with etcdctl --lease, with its lease and TTLs', async () => {
    const granted = await env.etcd.etcdctl('lease', 'grant', '30');
    const hex = /lease ([0-9a-f]+) granted/.exec(granted)?.[1];
    expect(hex).toBeDefined();
    await env.etcd.etcdctl('put', `--lease=${hex}`, `${PREFIX}/services/shell/sh1`, '10.1.2.3:9000');
    const detail = await getService('shell');
    expect(detail.instances).toHaveLength(1);
    expect(detail.instances[0]).toMatchObject({
      id: 'sh1',
      address: '10.1.2.3',
      port: 9000,
      status: 'up',
      format: 'host-port',
      lease: BigInt(`0x${hex}`).toString(),
      grantedTtl: 30,
    });
    expect(detail.instances[0]!.ttl).toBeGreaterThan(0);
    expect(detail.up).toBe(1);
  });

  it('lists an unparseable value as invalid and never picks it', async () => {
    await env.etcd.etcdctl('put', `${PREFIX}/services/broken/b1`, 'not an address');
    const detail = await call(detailRoute.GET, '/api/v1/services/broken', { name: 'broken' });
    expect(detail.body.instances[0]).toMatchObject({ id: 'b1', status: 'invalid', lease: null, ttl: null });
    expect((await pick('broken')).status).toBe(503);
  });
});

describe('GET /api/v1/services', () => {
  it('counts instances per service at one revision', async () => {
    const a = await env.register('listed', 'a');
    await env.register('listed', 'b');
    await a.setStatus('draining');
    const { status, body } = await call(listRoute.GET, '/api/v1/services', {});
    expect(status).toBe(200);
    expect(typeof body.revision).toBe('number');
    const listed = body.services.find((s: { name: string }) => s.name === 'listed');
    expect(listed).toEqual({
      name: 'listed',
      layout: 'console',
      instances: 2,
      up: 1,
      draining: 1,
      invalid: 0,
    });
  });
});

describe('GET /api/v1/services/{name}/pick', () => {
  beforeAll(async () => {
    await env.register('rr', 'one');
    await env.register('rr', 'two');
    await env.register('rr', 'three');
  });

  it('gives each of three instances a third under round-robin', async () => {
    expect(await pickCounts('rr', 300)).toEqual({ one: 100, two: 100, three: 100 });
  });

  it('spreads by weight under weighted', async () => {
    await env.register('wt', 'light', { weight: 1 });
    await env.register('wt', 'heavy', { weight: 3 });
    expect(await pickCounts('wt', 400, 'weighted')).toEqual({ light: 100, heavy: 300 });
  });

  it('never picks a drained instance, and picks it again once undrained', async () => {
    const drained = await patch('rr', 'two', { status: 'draining' });
    expect(drained.status).toBe(200);
    expect(drained.body.instance.status).toBe('draining');
    for (const strategy of ['round-robin', 'weighted', 'random']) {
      expect(Object.keys(await pickCounts('rr', 60, strategy)).sort()).toEqual(['one', 'three']);
    }
    expect((await patch('rr', 'two', { status: 'up' })).status).toBe(200);
    expect(Object.keys(await pickCounts('rr', 30)).sort()).toEqual(['one', 'three', 'two']);
  });

  it('answers 503 for a service with no instances, or none up', async () => {
    const empty = await pick('nobody');
    expect(empty.status).toBe(503);
    expect(empty.body.error.code).toBe('unavailable');
    expect(empty.body.error.message).toMatch(/no registered instances/);
    await env.register('alldrained', 'x');
    await patch('alldrained', 'x', { status: 'draining' });
    expect((await pick('alldrained')).status).toBe(503);
  });
});

describe('PATCH /api/v1/services/{name}/instances/{id}', () => {
  it('keeps the instance lease and honours expectedModRevision', async () => {
    const instance = await env.register('patched', 'p1');
    const ok = await patch('patched', 'p1', { status: 'draining', weight: 5 });
    expect(ok.body.instance).toMatchObject({ status: 'draining', weight: 5, lease: instance.lease() });
    const stale = await patch('patched', 'p1', { status: 'up', expectedModRevision: ok.body.revision - 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details.current).toMatchObject({
      id: 'p1',
      status: 'draining',
      modRevision: ok.body.revision,
    });
    const fresh = await patch('patched', 'p1', { status: 'up', expectedModRevision: ok.body.revision });
    expect(fresh.status).toBe(200);
  });

  it('turns a host:port value into a JSON document when drained', async () => {
    await env.etcd.etcdctl('put', `${PREFIX}/services/plain/p`, '10.9.9.9:80');
    const res = await patch('plain', 'p', { status: 'draining' });
    expect(res.body.instance).toMatchObject({
      format: 'json',
      address: '10.9.9.9',
      port: 80,
      status: 'draining',
    });
  });

  it.each([
    { case: 'unknown instance', name: 'patched', id: 'missing', body: { status: 'draining' }, expected: 404 },
    { case: 'bad status', name: 'patched', id: 'p1', body: { status: 'down' }, expected: 400 },
    { case: 'empty patch', name: 'patched', id: 'p1', body: {}, expected: 400 },
    { case: 'bad name', name: 'bad name', id: 'p1', body: { status: 'up' }, expected: 400 },
    { case: 'negative weight', name: 'patched', id: 'p1', body: { weight: -1 }, expected: 400 },
    { case: 'value not an instance', name: 'broken', id: 'b1', body: { status: 'draining' }, expected: 422 },
  ])('$case → $expected', async ({ name, id, body, expected }) => {
    expect((await patch(name, id, body)).status).toBe(expected);
  });
});

describe('DELETE /api/v1/services/{name}/instances/{id}', () => {
  const remove = (name: string, id: string) =>
    call(
      instanceRoute.DELETE,
      `/api/v1/services/${name}/instances/${id}`,
      { name, id },
      { method: 'DELETE' },
    );

  it('revokes the lease of an etcdctl instance, taking its keys with it', async () => {
    const hex = /lease ([0-9a-f]+) granted/.exec(await env.etcd.etcdctl('lease', 'grant', '60'))![1]!;
    await env.etcd.etcdctl('put', `--lease=${hex}`, `${PREFIX}/services/gone/g1`, '10.0.0.1:1');
    await env.etcd.etcdctl('put', `--lease=${hex}`, `${PREFIX}/other/sidecar`, 'x');
    const res = await remove('gone', 'g1');
    expect(res.status).toBe(200);
    expect(res.body.revokedLease).toBe(BigInt(`0x${hex}`).toString());
    expect(res.body.removedKeys.sort()).toEqual(['/other/sidecar', '/services/gone/g1']);
    expect(await env.etcd.client.get(`${PREFIX}/services/gone/g1`).string()).toBeNull();
  });

  it('deletes a key that has no lease, and 404s after', async () => {
    await env.etcd.etcdctl('put', `${PREFIX}/services/gone/nolease`, '10.0.0.2:2');
    const res = await remove('gone', 'nolease');
    expect(res.body).toMatchObject({ deleted: true, revokedLease: null });
    expect((await remove('gone', 'nolease')).status).toBe(404);
  });

  it('sees a live SDK instance register itself again on a new lease', async () => {
    const instance = await env.register('comeback', 'c1');
    const first = instance.lease();
    expect((await remove('comeback', 'c1')).status).toBe(200);
    const deadline = Date.now() + 10_000;
    let detail = await getService('comeback');
    while (Date.now() < deadline && detail.instances[0]?.lease === undefined) {
      await new Promise((r) => setTimeout(r, 100));
      detail = await getService('comeback');
    }
    expect(detail.instances[0]?.lease).toBeDefined();
    expect(detail.instances[0]?.lease).not.toBe(first);
  });
});
