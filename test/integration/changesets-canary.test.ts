// Canary publishing on a real etcd with four real subscriber processes of one app: a canary to 2 of 4 reaches
// exactly those 2 (and they acknowledge it) while production stays as it was; promote brings all 4 to the new
// value; a second set canaried by share and aborted brings its 2 back; the propagation view shows every step.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SubscriberChild, spawnSubscriber } from '../fixtures/subscriber-spawn';
import { resetConsoleClient, useConsoleEtcd } from '../helpers/console-env';
import { startTestEtcd, type TestEtcd } from '../helpers/etcd';
import { gateHeaders, listRouteFiles, type RouteFile } from '../helpers/routes';

const ORIGIN = 'http://console.test';
const APP = 'canary-app';
const PREFIX = '/config/canary/';
const FLAG = `${PREFIX}flag`;
const LIMIT = `${PREFIX}limit`;
const INSTANCES = ['i1', 'i2', 'i3', 'i4'];

let etcd: TestEtcd;
let routes: RouteFile[];
const subs = new Map<string, SubscriberChild>();

// biome-ignore lint/suspicious/noExplicitAny: the tests read whatever JSON the route answered.
type Answer = { status: number; body: any };

/** Calls the route file serving `method path` (static segments before parameters), as the local user. */
async function api(method: string, path: string, body?: unknown): Promise<Answer> {
  const route = routes
    .filter((r) => r.matches(method, path))
    .sort((a, b) => a.pattern.split('[').length - b.pattern.split('[').length)[0];
  if (!route) throw new Error(`no route for ${method} ${path}`);
  const headers: Record<string, string> = { host: 'console.test', origin: ORIGIN, ...gateHeaders() };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const request = new Request(`${ORIGIN}/api/v1${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const res = await route.handlers[method]!(request, { params: Promise.resolve(route.paramsFor(path)) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met; last value ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** What each instance's app sees now: instance → { flag, limit }. */
async function seen(): Promise<Record<string, { flag: unknown; limit: unknown }>> {
  const out: Record<string, { flag: unknown; limit: unknown }> = {};
  for (const [name, child] of subs) {
    const entries = new Map((await child.dump()).entries);
    out[name] = { flag: entries.get('flag'), limit: entries.get('limit') };
  }
  return out;
}

const showing = (values: Record<string, { flag: unknown; limit: unknown }>, flag: string, limit: string) =>
  Object.entries(values)
    .filter(([, v]) => v.flag === flag && v.limit === limit)
    .map(([name]) => name)
    .sort();

async function statusOf(instance: string): Promise<Record<string, unknown> & { canary?: unknown[] }> {
  return (await etcd.client.get(`/subscribers/${APP}/${instance}`).json()) as Record<string, unknown>;
}

const propagation = async (key: string, revision?: number) =>
  (
    await api(
      'GET',
      `/subscribers/propagation?key=${encodeURIComponent(key)}${revision ? `&revision=${revision}` : ''}`,
    )
  ).body;

const names = (list: Array<{ instance: string }>) => list.map((x) => x.instance).sort();

async function createSet(title: string, edits: Array<{ key: string; value: string }>): Promise<string> {
  const created = await api('POST', '/changesets', { title, edits });
  expect(created.status).toBe(201);
  return created.body.id;
}

beforeAll(async () => {
  etcd = await startTestEtcd();
  useConsoleEtcd(etcd.endpoints, { ETCD_PREFIX: '' });
  (await import('@/lib/auth/auth-config')).resetAuthConfig();
  routes = await listRouteFiles();
  await etcd.client.put(FLAG).value('v1');
  await etcd.client.put(LIMIT).value('10');
  for (const instance of INSTANCES) {
    subs.set(instance, spawnSubscriber(etcd.endpoints, { prefix: PREFIX, app: APP, instance }));
  }
  await Promise.all([...subs.values()].map((s) => s.waitFor((e) => e.type === 'ready', 30_000)));
}, 60_000);

afterAll(async () => {
  await Promise.all([...subs.values()].map((s) => s.stop()));
  resetConsoleClient();
  delete process.env.ETCD_PREFIX;
  await etcd?.destroy();
});

describe('canary publishing to chosen subscriber instances', () => {
  it('canaries to 2 of 4, which acknowledge it while the other 2 and production keep v1; promote brings all 4', async () => {
    const id = await createSet('flag v2 with limit 20', [
      { key: FLAG, value: 'v2' },
      { key: LIMIT, value: '20' },
    ]);
    const before = await api('GET', `/changesets/${id}/canary`);
    expect(names(before.body.candidates)).toEqual(INSTANCES);
    expect(before.body.canary).toBeNull();

    const started = await api('POST', `/changesets/${id}/canary`, {
      targets: [
        { app: APP, instance: 'i1' },
        { app: APP, instance: 'i2' },
      ],
    });
    expect(started.status).toBe(200);
    expect(started.body.state).toBe('canary');

    // Step 1: the 2 show the canary values, the other 2 the production ones; production itself is untouched.
    const during = await until(seen, (v) => showing(v, 'v2', '20').length === 2);
    expect(showing(during, 'v2', '20')).toEqual(['i1', 'i2']);
    expect(showing(during, 'v1', '10')).toEqual(['i3', 'i4']);
    expect(await etcd.client.get(FLAG).string()).toBe('v1');
    const view = await until(
      () => api('GET', `/changesets/${id}/canary`),
      (a) => a.body.instances.every((i: { acknowledged: boolean }) => i.acknowledged),
    );
    expect(
      view.body.instances.map((i: { instance: string; health: string }) => [i.instance, i.health]),
    ).toEqual([
      ['i1', 'unregistered'],
      ['i2', 'unregistered'],
    ]);
    expect(view.body.inCanaryMs).toBeGreaterThanOrEqual(0);
    const ack = (await statusOf('i1')).canary?.[0];
    expect(ack).toMatchObject({ changeset: id, keys: [FLAG, LIMIT] });
    expect((await statusOf('i3')).canary).toBeUndefined();
    const step1 = await propagation(FLAG);
    expect(names(step1.applied)).toEqual(INSTANCES);
    expect(names(step1.canary)).toEqual(['i1', 'i2']);
    expect(step1.canary[0].changeset).toBe(id);

    // A canary is not published by the ordinary publish: promote or abort.
    const direct = await api('POST', `/changesets/${id}/publish`, {});
    expect(direct.status).toBe(409);
    expect(direct.body.error.message).toMatch(/canary/);

    // Step 2: promote publishes to all, removes the overlays; all 4 show v2 at the publish revision.
    const promoted = await api('POST', `/changesets/${id}/promote`, {});
    expect(promoted.status).toBe(200);
    expect(promoted.body.state).toBe('published');
    expect(promoted.body.canary.outcome).toBe('promoted');
    const revision = promoted.body.publishedRevisions[0].revision;
    expect(await etcd.client.get(FLAG).string()).toBe('v2');
    expect(showing(await until(seen, (v) => showing(v, 'v2', '20').length === 4), 'v2', '20')).toEqual(
      INSTANCES,
    );
    expect(await etcd.client.getAll().prefix(`/_console/canary/${APP}/`).keys()).toEqual([]);
    const step2 = await until(
      () => propagation(FLAG, revision),
      (p) => p.complete && p.canary.length === 0,
    );
    expect(names(step2.applied)).toEqual(INSTANCES);
    await until(
      () => statusOf('i1'),
      (s) => s.canary === undefined,
    );
  }, 90_000);

  it('canaries a second set to a 50% share and aborts it: the 2 go back to production', async () => {
    const id = await createSet('flag v3', [{ key: FLAG, value: 'v3' }]);
    const started = await api('POST', `/changesets/${id}/canary`, { share: { app: APP, percent: 50 } });
    expect(started.status).toBe(200);
    const chosen: string[] = started.body.canary.targets.map((t: { instance: string }) => t.instance).sort();
    expect(chosen).toHaveLength(2);
    expect(started.body.canary.share).toEqual({ app: APP, percent: 50 });

    const during = await until(seen, (v) => showing(v, 'v3', '20').length === 2);
    expect(showing(during, 'v3', '20')).toEqual(chosen);
    const step1 = await until(
      () => propagation(FLAG),
      (p) => p.canary.length === 2,
    );
    expect(names(step1.canary)).toEqual(chosen);

    const aborted = await api('POST', `/changesets/${id}/abort`, {});
    expect(aborted.status).toBe(200);
    expect(aborted.body.state).toBe('aborted');
    expect(aborted.body.canary.outcome).toBe('aborted');
    expect(showing(await until(seen, (v) => showing(v, 'v2', '20').length === 4), 'v2', '20')).toEqual(
      INSTANCES,
    );
    expect(await etcd.client.get(FLAG).string()).toBe('v2');
    const step2 = await until(
      () => propagation(FLAG),
      (p) => p.canary.length === 0,
    );
    expect(names(step2.applied)).toEqual(INSTANCES);
    expect((await api('POST', `/changesets/${id}/promote`, {})).status).toBe(409);
    // An aborted set may be discarded: nothing of it was published.
    expect((await api('DELETE', `/changesets/${id}`)).status).toBe(200);
  }, 90_000);

  it('refuses bad canary requests and changes nothing', async () => {
    const id = await createSet('flag v4', [{ key: FLAG, value: 'v4' }]);
    const cases: Array<[string, unknown, number]> = [
      [
        'both targets and share',
        { targets: [{ app: APP, instance: 'i1' }], share: { app: APP, percent: 50 } },
        400,
      ],
      ['neither', {}, 400],
      ['a share of 100%', { share: { app: APP, percent: 100 } }, 400],
      ['an instance that is not live', { targets: [{ app: APP, instance: 'nobody' }] }, 422],
      ['an app that follows none of the keys', { share: { app: 'other-app', percent: 50 } }, 422],
      [
        'the same instance twice',
        {
          targets: [
            { app: APP, instance: 'i1' },
            { app: APP, instance: 'i1' },
          ],
        },
        400,
      ],
    ];
    for (const [, body, status] of cases) {
      expect((await api('POST', `/changesets/${id}/canary`, body)).status).toBe(status);
    }
    expect((await api('GET', `/changesets/${id}`)).body.state).toBe('draft');
    expect(await etcd.client.getAll().prefix('/_console/canary/').keys()).toEqual([]);
    // A key moved since it was staged: 409, no overlay.
    await etcd.client.put(FLAG).value('moved');
    const moved = await api('POST', `/changesets/${id}/canary`, { targets: [{ app: APP, instance: 'i1' }] });
    expect(moved.status).toBe(409);
    expect(moved.body.error.message).toContain(FLAG);
    expect(await etcd.client.getAll().prefix('/_console/canary/').keys()).toEqual([]);
    expect((await api('POST', `/changesets/${id}/abort`, {})).status).toBe(409);
  }, 60_000);
});
