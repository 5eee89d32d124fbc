// GET /api/v1/services/{name}/timeline over a real etcd's MVCC history, before and after a compaction.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiEnv, call, type Handler, PREFIX, startApiEnv } from '../fixtures/registry-api-env';

let env: ApiEnv;
let timelineRoute: { GET: Handler };
let instanceRoute: { PATCH: Handler; DELETE: Handler };

beforeAll(async () => {
  env = await startApiEnv();
  timelineRoute = await import('@/app/api/v1/services/[name]/timeline/route');
  instanceRoute = await import('@/app/api/v1/services/[name]/instances/[id]/route');
});
afterAll(async () => {
  await env?.close();
});

const timeline = (name: string, query = '') =>
  call(timelineRoute.GET, `/api/v1/services/${name}/timeline${query}`, { name });

async function waitForKey(key: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await env.etcd.client.get(key).string()) === null) {
    if (Date.now() > deadline) throw new Error(`${key} did not come back`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('service timeline', () => {
  it('records registration, drain, undrain, removal and the re-registration that makes a flap', async () => {
    await env.register('tl', 'sdk1');
    const path = '/api/v1/services/tl/instances/sdk1';
    const params = { name: 'tl', id: 'sdk1' };
    await call(instanceRoute.PATCH, path, params, { method: 'PATCH', body: { status: 'draining' } });
    await call(instanceRoute.PATCH, path, params, { method: 'PATCH', body: { status: 'up' } });
    await call(instanceRoute.DELETE, path, params, { method: 'DELETE' });
    // The SDK puts itself back.
    await waitForKey(`${PREFIX}/services/tl/sdk1`);
    await env.etcd.etcdctl('put', `${PREFIX}/services/tl/shell`, '10.0.0.9:80');
    await env.etcd.etcdctl('del', `${PREFIX}/services/tl/shell`);

    const { status, body } = await timeline('tl');
    expect(status).toBe(200);
    expect(body).toMatchObject({ service: 'tl', compacted: false, truncated: false, flaps: 1 });
    const [sdk, shell] = body.instances;
    expect(sdk).toMatchObject({
      id: 'sdk1',
      present: true,
      registrations: 2,
      removals: 1,
      drains: 1,
      flaps: 1,
    });
    expect(sdk.events.map((e: { kind: string }) => e.kind)).toEqual([
      'registered',
      'drained',
      'undrained',
      'removed',
      'registered',
    ]);
    expect(sdk.events[0]).toMatchObject({ status: 'up', address: '10.0.0.1', port: 8000 });
    expect(shell).toMatchObject({ id: 'shell', present: false, registrations: 1, removals: 1, flaps: 0 });
    const revisions = sdk.events.map((e: { revision: number }) => e.revision);
    expect([...revisions].sort((a, b) => a - b)).toEqual(revisions);
  });

  it('reads from a given revision, and keeps only the newest events past the limit', async () => {
    const all = (await timeline('tl')).body;
    const sdkEvents = all.instances.find((i: { id: string }) => i.id === 'sdk1').events;
    const since = sdkEvents[3].revision;
    const later = (await timeline('tl', `?since=${since}`)).body;
    expect(later.fromRevision).toBe(since);
    expect(
      later.instances
        .find((i: { id: string }) => i.id === 'sdk1')
        .events.map((e: { kind: string }) => e.kind),
    ).toEqual(['removed', 'registered']);
    const limited = (await timeline('tl', '?limit=2')).body;
    expect(limited.truncated).toBe(true);
    expect(limited.instances.reduce((n: number, i: { events: unknown[] }) => n + i.events.length, 0)).toBe(2);
  });

  it('starts at the compaction point once history has been compacted, still listing present instances', async () => {
    await env.register('compacted', 'old');
    // Compact just past the registration, so its put is no longer in history.
    const unrelated = await env.etcd.client.put('/unrelated').value('1').exec();
    const revision = Number(unrelated.header.revision);
    await env.etcd.etcdctl('compact', String(revision));
    const { body } = await timeline('compacted');
    expect(body).toMatchObject({ compacted: true, fromRevision: revision });
    expect(body.instances).toEqual([
      expect.objectContaining({ id: 'old', present: true, registrations: 0, events: [] }),
    ]);
  });

  it('answers an empty timeline for a service that never existed, and 400 for a bad name or query', async () => {
    const empty = await timeline('never');
    expect(empty.body).toMatchObject({ instances: [], flaps: 0 });
    expect((await timeline('bad name')).status).toBe(400);
    expect((await timeline('tl', '?limit=0')).status).toBe(400);
  });
});
