// Change sets on a real etcd, in console login mode: a publish is one transaction per step that compares every key
// with what was reviewed (a conflict writes nothing and names the key), rebase, steps above etcd's 128 operations,
// four eyes (the author cannot approve; 403 without approvals), revert, and bad input that changes nothing.
import bcrypt from 'bcryptjs';
import type { Namespace } from 'etcd3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetConsoleClient, useConsoleEtcd } from '../helpers/console-env';
import { startTestEtcd, type TestEtcd } from '../helpers/etcd';
import { gateHeaders, listRouteFiles, type RouteFile } from '../helpers/routes';
import { signIn } from '../helpers/sign-in';

const ORIGIN = 'http://console.test';
const PREFIX = '/console';

let etcd: TestEtcd;
let ns: Namespace;
let routes: RouteFile[];
const cookies: Record<string, string> = {};

type Who = 'alice' | 'bob' | 'ada' | 'opay' | 'local';
// biome-ignore lint/suspicious/noExplicitAny: the tests read whatever JSON the route answered.
type Answer = { status: number; body: any };

/** Calls the route file that serves `method path` (static segments before parameters, as Next.js matches). */
async function api(method: string, path: string, who: Who, body?: unknown): Promise<Answer> {
  const route = routes
    .filter((r) => r.matches(method, path))
    .sort((a, b) => a.pattern.split('[').length - b.pattern.split('[').length)[0];
  if (!route) throw new Error(`no route for ${method} ${path}`);
  const headers: Record<string, string> = { host: 'console.test', origin: ORIGIN, ...gateHeaders() };
  if (who !== 'local') headers.cookie = cookies[who]!;
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

const revisionNow = async () => Number((await etcd.client.get('/').exec()).header.revision);
const modRevisionOf = async (key: string) => Number((await ns.get(key).exec()).kvs[0]?.mod_revision ?? 0);

/** The publish audit records of a set, with the revision each was written at. */
async function publishAudits(id: string) {
  const all = await ns.getAll().prefix('/_console/audit/').exec();
  return all.kvs
    .map((kv) => ({ record: JSON.parse(kv.value.toString()), revision: Number(kv.mod_revision) }))
    .filter((a) => a.record.action === 'changesets.publish' && a.record.details?.changeset === id);
}

const put = (key: string, value: string, extra: Record<string, unknown> = {}) => ({ key, value, ...extra });

beforeAll(async () => {
  etcd = await startTestEtcd();
  ns = etcd.client.namespace(PREFIX);
  const hash = bcrypt.hashSync('pw', 4);
  useConsoleEtcd(etcd.endpoints, {
    ETCD_PREFIX: PREFIX,
    CONSOLE_SESSION_SECRET: 'changesets-test-session-secret-0123456789abcdef',
    CONSOLE_USERS: JSON.stringify([
      { name: 'alice', passwordHash: hash, role: 'operator' },
      { name: 'bob', passwordHash: hash, role: 'operator' },
      { name: 'ada', passwordHash: hash, role: 'admin' },
      { name: 'opay', passwordHash: hash, role: 'operator', prefixes: ['/pay/'] },
    ]),
  });
  (await import('@/lib/auth/auth-config')).resetAuthConfig();
  routes = await listRouteFiles();
  for (const name of ['alice', 'bob', 'ada', 'opay']) cookies[name] = await signIn(name, 'pw', ORIGIN);
});

afterAll(async () => {
  resetConsoleClient();
  delete process.env.CONSOLE_USERS;
  delete process.env.CONSOLE_SESSION_SECRET;
  delete process.env.ETCD_PREFIX;
  (await import('@/lib/auth/auth-config')).resetAuthConfig();
  await etcd?.destroy();
});

describe('publishing a change set', () => {
  let id = '';

  it('publishes nothing when another client changed one of its three keys, and names that key', async () => {
    for (const k of ['a', 'b', 'c']) await ns.put(`/app/${k}.json`).value(`{"v":"${k}0"}`);
    const created = await api('POST', '/changesets', 'alice', {
      title: 'three keys',
      edits: ['a', 'b', 'c'].map((k) => put(`/app/${k}.json`, `{"v":"${k}1"}`, { format: 'json' })),
    });
    expect(created.status).toBe(201);
    id = created.body.id;
    expect(created.body.edits.map((e: { baseModRevision: number }) => e.baseModRevision > 0)).toEqual([
      true,
      true,
      true,
    ]);
    await ns.put('/app/b.json').value('{"v":"someone else"}');

    const review = await api('GET', `/changesets/${id}/review`, 'bob');
    expect(review.status).toBe(200);
    expect(review.body.conflicts).toEqual(['/app/b.json']);
    const b = review.body.edits[1];
    expect(b).toMatchObject({
      conflict: true,
      base: { value: '{"v":"b0"}' },
      proposed: { value: '{"v":"b1"}' },
    });
    expect(b.current.value).toBe('{"v":"someone else"}');
    expect(review.body.steps).toBe(1);

    const before = await revisionNow();
    const published = await api('POST', `/changesets/${id}/publish`, 'alice');
    expect(published.status).toBe(409);
    expect(published.body.error.message).toContain('/app/b.json');
    expect(published.body.error.details.moved.map((m: { key: string }) => m.key)).toEqual(['/app/b.json']);
    expect(published.body.error.details.applied).toEqual([]);
    expect(await revisionNow()).toBe(before);
    expect((await ns.get('/app/a.json').string()) ?? '').toBe('{"v":"a0"}');
    expect((await ns.get('/app/c.json').string()) ?? '').toBe('{"v":"c0"}');
  });

  it('after a rebase publishes all three at one revision, with the audit record at that revision', async () => {
    const rebased = await api('POST', `/changesets/${id}/rebase`, 'alice');
    expect(rebased.status).toBe(200);
    expect((await api('GET', `/changesets/${id}/review`, 'alice')).body.conflicts).toEqual([]);

    const published = await api('POST', `/changesets/${id}/publish`, 'alice');
    expect(published.status).toBe(200);
    expect(published.body.steps).toHaveLength(1);
    const revision = published.body.steps[0].revision;
    expect(published.body.changeset.state).toBe('published');
    for (const k of ['a', 'b', 'c']) {
      expect(await ns.get(`/app/${k}.json`).string()).toBe(`{"v":"${k}1"}`);
      expect(await modRevisionOf(`/app/${k}.json`)).toBe(revision);
    }
    const audits = await publishAudits(id);
    expect(audits.map((a) => a.revision)).toEqual([revision]);
    expect(audits[0]!.record.targets).toEqual(['/app/a.json', '/app/b.json', '/app/c.json']);
    // Published is final: no second publish, no more edits.
    expect((await api('POST', `/changesets/${id}/publish`, 'alice')).status).toBe(409);
    expect((await api('PATCH', `/changesets/${id}`, 'alice', { put: [put('/app/d', 'x')] })).status).toBe(
      409,
    );
  });

  it('reverts as a new change set computed from the revisions the publish wrote', async () => {
    const revert = await api('POST', `/changesets/${id}/revert`, 'bob');
    expect(revert.status).toBe(200);
    expect(revert.body.revertOf).toBe(id);
    expect(revert.body.edits.map((e: { value: string }) => e.value)).toEqual([
      '{"v":"a0"}',
      '{"v":"someone else"}',
      '{"v":"c0"}',
    ]);
    expect((await api('POST', `/changesets/${id}/revert`, 'bob')).status).toBe(409);
    expect((await api('POST', `/changesets/${revert.body.id}/publish`, 'bob')).status).toBe(200);
    expect(await ns.get('/app/a.json').string()).toBe('{"v":"a0"}');
    expect((await api('GET', `/changesets/${id}`, 'alice')).body.state).toBe('reverted');
  });

  it('publishes a 300-key change set in the ordered steps its review announced', async () => {
    const edits = Array.from({ length: 300 }, (_, i) => put(`/bulk/k${String(i).padStart(3, '0')}`, `v${i}`));
    const created = await api('POST', '/changesets', 'alice', { title: 'bulk', edits });
    expect(created.status).toBe(201);
    const bulk = created.body.id;
    const review = await api('GET', `/changesets/${bulk}/review`, 'alice');
    expect(review.body.steps).toBe(3);
    expect(review.body.plan.map((p: { keys: string[] }) => p.keys.length)).toEqual([125, 125, 50]);
    expect(review.body.plan.flatMap((p: { keys: string[] }) => p.keys)).toEqual(edits.map((e) => e.key));

    const published = await api('POST', `/changesets/${bulk}/publish`, 'alice');
    expect(published.status).toBe(200);
    const revisions: number[] = published.body.steps.map((s: { revision: number }) => s.revision);
    expect(published.body.steps.map((s: { step: number }) => s.step)).toEqual([1, 2, 3]);
    expect([...revisions].sort((a, b) => a - b)).toEqual(revisions);
    expect(new Set(revisions).size).toBe(3);
    for (const [s, plan] of review.body.plan.entries()) {
      for (const key of [plan.keys[0], plan.keys.at(-1)]) expect(await modRevisionOf(key)).toBe(revisions[s]);
    }
    expect((await publishAudits(bulk)).map((a) => a.revision).sort((a, b) => a - b)).toEqual(revisions);
  });

  it('says which steps were applied when a later step conflicts, and resumes from there after a rebase', async () => {
    const edits = Array.from({ length: 200 }, (_, i) =>
      put(`/bulk2/k${String(i).padStart(3, '0')}`, `v${i}`),
    );
    const bulk = (await api('POST', '/changesets', 'alice', { title: 'bulk2', edits })).body.id;
    await ns.put('/bulk2/k150').value('raced');
    const published = await api('POST', `/changesets/${bulk}/publish`, 'alice');
    expect(published.status).toBe(409);
    expect(published.body.error.details).toMatchObject({
      step: 2,
      steps: 2,
      moved: [{ key: '/bulk2/k150' }],
    });
    expect(published.body.error.details.applied.map((a: { step: number }) => a.step)).toEqual([1]);
    expect(await ns.get('/bulk2/k000').string()).toBe('v0');
    expect(await ns.get('/bulk2/k199').string()).toBeNull();
    expect((await api('GET', `/changesets/${bulk}`, 'alice')).body.state).toBe('partially-published');

    expect((await api('POST', `/changesets/${bulk}/rebase`, 'alice')).status).toBe(200);
    const resumed = await api('POST', `/changesets/${bulk}/publish`, 'alice');
    expect(resumed.status).toBe(200);
    expect(resumed.body.steps.map((s: { step: number }) => s.step)).toEqual([1, 2]);
    expect(await ns.get('/bulk2/k150').string()).toBe('v150');
  });
});

describe('four eyes', () => {
  it('refuses the author their own approval and a publish without one; a second operator approves it', async () => {
    const policy = await api('PUT', '/changesets/policy', 'ada', {
      policy: { rules: [{ prefix: '/guarded/', approvals: 1 }] },
      expectedModRevision: 0,
    });
    expect(policy.status).toBe(200);
    const id = (
      await api('POST', '/changesets', 'alice', { title: 'guarded', edits: [put('/guarded/flag', 'on')] })
    ).body.id;
    expect((await api('GET', `/changesets/${id}`, 'alice')).body.requiredApprovals).toBe(1);

    const own = await api('POST', `/changesets/${id}/approve`, 'alice', { comment: 'lgtm' });
    expect(own.status).toBe(403);
    expect(own.body.error.message).toMatch(/someone else/);
    const early = await api('POST', `/changesets/${id}/publish`, 'alice');
    expect(early.status).toBe(403);
    expect(early.body.error.message).toMatch(/1 approval/);
    expect(await ns.get('/guarded/flag').string()).toBeNull();

    const approved = await api('POST', `/changesets/${id}/approve`, 'bob', { comment: 'checked the flag' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      state: 'approved',
      approvals: [{ by: 'bob', comment: 'checked the flag' }],
    });
    const published = await api('POST', `/changesets/${id}/publish`, 'alice');
    expect(published.status).toBe(200);
    expect(await ns.get('/guarded/flag').string()).toBe('on');
  });

  it('clears approvals when the edits change, and a rejection blocks the publish', async () => {
    const id = (
      await api('POST', '/changesets', 'alice', { title: 'guarded 2', edits: [put('/guarded/limit', '1')] })
    ).body.id;
    expect((await api('POST', `/changesets/${id}/approve`, 'bob', { comment: 'ok' })).status).toBe(200);
    const edited = await api('PATCH', `/changesets/${id}`, 'alice', { put: [put('/guarded/limit', '2')] });
    expect(edited.body).toMatchObject({ state: 'draft', approvals: [] });
    expect((await api('POST', `/changesets/${id}/publish`, 'alice')).status).toBe(403);
    expect((await api('POST', `/changesets/${id}/reject`, 'ada', { comment: 'too high' })).status).toBe(200);
    expect((await api('POST', `/changesets/${id}/approve`, 'bob', { comment: 'ok' })).status).toBe(200);
    const blocked = await api('POST', `/changesets/${id}/publish`, 'alice');
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.message).toMatch(/Rejected by ada: too high/);
  });
});

describe('visibility and bad input', () => {
  it('hides a change set from a caller who may not read every key in it', async () => {
    const id = (
      await api('POST', '/changesets', 'alice', {
        title: 'mixed',
        edits: [put('/pay/x', '1'), put('/app/y', '2')],
      })
    ).body.id;
    expect((await api('GET', `/changesets/${id}`, 'opay')).status).toBe(404);
    expect((await api('GET', `/changesets/${id}/review`, 'opay')).status).toBe(404);
    expect((await api('POST', `/changesets/${id}/approve`, 'opay', { comment: 'x' })).status).toBe(404);
    const list = await api('GET', '/changesets?limit=500', 'opay');
    expect(list.body.changesets.map((c: { id: string }) => c.id)).not.toContain(id);
    expect(
      (await api('GET', '/changesets?limit=500', 'bob')).body.changesets.map((c: { id: string }) => c.id),
    ).toContain(id);
  });

  it('answers bad input with 4xx and changes nothing', async () => {
    const draft = (await api('POST', '/changesets', 'alice', { title: 'bad input', edits: [] })).body.id;
    const cases: Array<[string, string, Who, unknown, number]> = [
      ['POST', '/changesets', 'alice', { title: 'x', edits: [put('/_console/tokens/x', 'y')] }, 403],
      [
        'POST',
        '/changesets',
        'alice',
        { title: 'x', edits: [put('/a.json', '{nope', { format: 'json' })] },
        422,
      ],
      ['POST', '/changesets', 'alice', { title: 'x', edits: [{ key: '/a', action: 'put' }] }, 400],
      ['POST', '/changesets', 'alice', { title: 'x', edits: [{ key: '/a', action: 'delete' }] }, 422],
      [
        'POST',
        '/changesets',
        'alice',
        { title: 'x', edits: [put('%%%', 'y', { keyEncoding: 'base64' })] },
        400,
      ],
      ['POST', '/changesets', 'alice', { title: 'x', edits: [put('/a', '1'), put('/a', '2')] }, 400],
      ['POST', '/changesets', 'alice', { title: '', edits: [] }, 400],
      ['POST', '/changesets', 'opay', { title: 'x', edits: [put('/app/outside', '1')] }, 403],
      ['POST', '/changesets', 'alice', { title: 'x', edits: [], extra: 1 }, 400],
      ['PATCH', '/changesets/zzzzzzzz-00000000', 'alice', { title: 'y' }, 404],
      ['PATCH', '/changesets/not-an-id', 'alice', { title: 'y' }, 400],
      ['PATCH', `/changesets/${draft}`, 'alice', { remove: [{ key: '/nowhere' }] }, 404],
      ['PATCH', `/changesets/${draft}`, 'alice', {}, 400],
      ['PATCH', `/changesets/${draft}`, 'alice', { title: 'y', expectedModRevision: 1 }, 409],
      ['POST', `/changesets/${draft}/approve`, 'bob', {}, 400],
      ['POST', `/changesets/${draft}/publish`, 'alice', undefined, 422],
      ['POST', `/changesets/${draft}/revert`, 'alice', undefined, 409],
      ['PUT', '/changesets/policy', 'alice', { policy: { rules: [] }, expectedModRevision: 0 }, 403],
      [
        'PUT',
        '/changesets/policy',
        'ada',
        { policy: { rules: [{ prefix: '/x/', approvals: 0 }] }, expectedModRevision: 0 },
        400,
      ],
      ['PUT', '/changesets/policy', 'ada', { policy: { rules: [] }, expectedModRevision: 0 }, 409],
    ];
    const problems: string[] = [];
    for (const [method, path, who, body, status] of cases) {
      const before = await revisionNow();
      const res = await api(method, path, who, body);
      const after = await revisionNow();
      if (res.status !== status)
        problems.push(`${method} ${path} ${JSON.stringify(body)}: ${res.status} ≠ ${status}`);
      if (after !== before) problems.push(`${method} ${path}: the store moved from ${before} to ${after}`);
    }
    expect(problems).toEqual([]);
  });

  it('with login off, says the policy cannot be satisfied by the same local user', async () => {
    const id = (
      await api('POST', '/changesets', 'alice', { title: 'local', edits: [put('/guarded/local', '1')] })
    ).body.id;
    delete process.env.CONSOLE_USERS;
    (await import('@/lib/auth/auth-config')).resetAuthConfig();
    {
      const approve = await api('POST', `/changesets/${id}/approve`, 'local', { comment: 'me again' });
      expect(approve.status).toBe(403);
      expect(approve.body.error.message).toMatch(/Login is off/);
      const review = await api('GET', `/changesets/${id}/review`, 'local');
      expect(review.body.blockers.join(' ')).toMatch(/Login is off/);
      expect((await api('POST', `/changesets/${id}/publish`, 'local')).status).toBe(403);
    }
  });
});
