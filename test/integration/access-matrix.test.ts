// Every /api/v1 route × every kind of caller, on a real etcd seeded inside and outside a scope: the status each
// gets, and that nothing outside what the caller may read appears anywhere in any body or SSE frame.
import { createHash } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { EncryptJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetConsoleClient, useConsoleEtcd } from '../helpers/console-env';
import { startTestEtcd, type TestEtcd } from '../helpers/etcd';
import { setUngatedTestPeer } from '../helpers/gate';
import { findLeaks, readBody } from '../helpers/leaks';
import { gateHeaders, listRouteFiles, type RouteFile } from '../helpers/routes';
import { signIn } from '../helpers/sign-in';

const SECRET = 'access-matrix-session-secret-0123456789abcdef';
const ORIGIN = 'http://console.test';
/** In every key, value, service, group, task and app outside the scope. */
const OUTSIDE = 'qx7';
/** In a key under /_console/: unscoped admins only. */
const INTERNAL = 'qz9';
const SCOPE = '/config/payments/';

type Seed = { commandId: string; lease: string; taskId: string; changesetId: string };
type Row = {
  method: string;
  path: string;
  body?: unknown;
  /** Statuses a caller scoped to /config/payments/ with a high enough role may get. */
  scoped: number[];
  /** The unscoped operator and admin are not called here (destructive or cluster-wide); other tests cover them. */
  skipUnscoped?: boolean;
};

const OK = [200];
const HIDDEN = [404];
const FORBIDDEN = [403];

/** One row per route: the request aims at what lies outside the scope, or at everything. */
function rows(seed: Seed): Record<string, Row> {
  const get = (path: string, scoped = OK): Row => ({ method: 'GET', path, scoped });
  return {
    health: get('/health'),
    openapi: get('/openapi.json'),
    'auth.login': {
      method: 'POST',
      path: '/auth/login',
      body: { username: 'nobody', password: 'x' },
      scoped: [401],
      skipUnscoped: true,
    },
    'auth.logout': { method: 'POST', path: '/auth/logout', scoped: OK, skipUnscoped: true },
    'auth.me': get('/auth/me'),
    metrics: get('/metrics'),
    overview: get('/overview'),
    'overview.warnings': get('/overview/warnings'),
    watch: get('/watch?prefix=/&fromRevision=1'),
    'kv.list': get('/kv?prefix=/&limit=1000'),
    'kv.children': get('/kv/children?prefix=/'),
    'kv.item.get': get(`/kv/item?key=/${OUTSIDE}secret/db-password`, FORBIDDEN),
    'kv.history': get(`/kv/history?key=/${OUTSIDE}secret/db-password`, FORBIDDEN),
    'kv.diff': get('/kv/diff?prefix=/&from=1'),
    'kv.search': get(`/kv/search?prefix=/&contains=${OUTSIDE}&scan=1000`),
    'kv.export': get('/kv/export?prefix='),
    'kv.prefix.preview': get(`/kv/prefix?prefix=/${OUTSIDE}secret/`),
    'kv.item.put': {
      method: 'PUT',
      path: '/kv/item',
      body: { key: `/${OUTSIDE}secret/new`, value: 'x', expectedModRevision: 0 },
      scoped: FORBIDDEN,
    },
    'kv.item.delete': {
      method: 'DELETE',
      path: `/kv/item?key=/${OUTSIDE}secret/db-password`,
      scoped: FORBIDDEN,
      skipUnscoped: true,
    },
    'kv.import': {
      method: 'POST',
      path: '/kv/import',
      body: { items: [{ key: `/${OUTSIDE}secret/db-password`, value: 'x' }], mode: 'preview' },
      scoped: FORBIDDEN,
    },
    'kv.prefix.delete': {
      method: 'POST',
      path: '/kv/prefix/delete',
      body: { prefix: `/${OUTSIDE}secret/`, confirm: `/${OUTSIDE}secret/`, expectedRevision: 1 },
      scoped: FORBIDDEN,
      skipUnscoped: true,
    },
    'kv.prefix.restore': {
      method: 'POST',
      path: '/kv/prefix/restore',
      body: { prefix: `/${OUTSIDE}secret/`, revision: 1 },
      scoped: FORBIDDEN,
      skipUnscoped: true,
    },
    'services.list': get('/services?ttl=true'),
    'services.get': get(`/services/${OUTSIDE}svc`, HIDDEN),
    'services.pick': get(`/services/${OUTSIDE}svc/pick`, HIDDEN),
    'services.timeline': get(`/services/${OUTSIDE}svc/timeline`, HIDDEN),
    'services.instance.patch': {
      method: 'PATCH',
      path: `/services/${OUTSIDE}svc/instances/i1`,
      body: { status: 'draining' },
      scoped: FORBIDDEN,
      skipUnscoped: true,
    },
    'services.instance.delete': {
      method: 'DELETE',
      path: `/services/${OUTSIDE}svc/instances/i1`,
      scoped: FORBIDDEN,
      skipUnscoped: true,
    },
    'coordination.list': get('/coordination'),
    'coordination.get': get(`/coordination/detail?prefix=/${OUTSIDE}elect`, HIDDEN),
    'layouts.get': get('/layouts?detect=true', FORBIDDEN),
    'layouts.put': {
      method: 'PUT',
      path: '/layouts',
      body: { settings: { disabled: [], declared: [] }, expectedModRevision: 0 },
      scoped: FORBIDDEN,
      skipUnscoped: true,
    },
    'layouts.preview': {
      method: 'POST',
      path: '/layouts/preview',
      body: {
        id: 'draft',
        title: 'Draft',
        root: `/${OUTSIDE}secret/`,
        pattern: '{service}/{id}',
        format: 'text',
      },
      scoped: FORBIDDEN,
    },
    'commands.list': get('/commands?limit=500'),
    'commands.read': get(`/commands/${seed.commandId}`, HIDDEN),
    'commands.create': {
      method: 'POST',
      path: '/commands',
      body: { group: `${OUTSIDE}group`, type: 'deploy', mode: 'any' },
      scoped: FORBIDDEN,
      skipUnscoped: true,
    },
    'commands.cancel': {
      method: 'POST',
      path: `/commands/${seed.commandId}/cancel`,
      scoped: [403, 404],
      skipUnscoped: true,
    },
    'commands.retry': {
      method: 'POST',
      path: `/commands/${seed.commandId}/retry`,
      scoped: [403, 404],
      skipUnscoped: true,
    },
    'workers.list': get('/workers'),
    'tasks.list': get('/tasks'),
    'tasks.read': get(`/tasks/${seed.taskId}`, HIDDEN),
    'subscribers.list': get(`/subscribers?prefix=/${OUTSIDE}secret/`, FORBIDDEN),
    'subscribers.propagation': get(
      `/subscribers/propagation?key=/${OUTSIDE}secret/db-password&revision=2`,
      FORBIDDEN,
    ),
    'cluster.get': get('/cluster'),
    'cluster.space': get('/cluster/space'),
    'cluster.alarms': get('/cluster/alarms'),
    'cluster.defrag.get': get('/cluster/defrag'),
    'cluster.snapshot': { ...get('/cluster/snapshot', FORBIDDEN), skipUnscoped: true },
    'cluster.compact': {
      method: 'POST',
      path: '/cluster/compact',
      body: { revision: 1 },
      scoped: FORBIDDEN,
      skipUnscoped: true,
    },
    'cluster.defrag.start': {
      method: 'POST',
      path: '/cluster/defrag',
      scoped: FORBIDDEN,
      skipUnscoped: true,
    },
    'cluster.alarms.disarm': { method: 'POST', path: '/cluster/alarms/disarm', body: {}, scoped: FORBIDDEN },
    'leases.list': get('/leases'),
    'leases.get': get(`/leases/${seed.lease}`, HIDDEN),
    'leases.revoke': {
      method: 'DELETE',
      path: `/leases/${seed.lease}`,
      scoped: FORBIDDEN,
      skipUnscoped: true,
    },
    'leases.keepalive': { method: 'POST', path: `/leases/${seed.lease}/keepalive`, scoped: FORBIDDEN },
    'etcd-auth.status': get('/etcd-auth', FORBIDDEN),
    'etcd-auth.users.list': get('/etcd-auth/users', FORBIDDEN),
    'etcd-auth.users.get': get('/etcd-auth/users/root', FORBIDDEN),
    'etcd-auth.roles.list': get('/etcd-auth/roles', FORBIDDEN),
    'etcd-auth.roles.get': get('/etcd-auth/roles/root', FORBIDDEN),
    'etcd-auth.users.create': {
      method: 'POST',
      path: '/etcd-auth/users',
      body: { name: `${OUTSIDE}user`, password: 'pw-123456' },
      scoped: FORBIDDEN,
      skipUnscoped: true,
    },
    'etcd-auth.users.delete': {
      method: 'DELETE',
      path: `/etcd-auth/users/${OUTSIDE}user`,
      scoped: FORBIDDEN,
      skipUnscoped: true,
    },
    'etcd-auth.users.password': {
      method: 'POST',
      path: `/etcd-auth/users/${OUTSIDE}user/password`,
      body: { password: 'pw-654321' },
      scoped: FORBIDDEN,
      skipUnscoped: true,
    },
    'etcd-auth.users.grant': {
      method: 'POST',
      path: `/etcd-auth/users/${OUTSIDE}user/roles`,
      body: { role: 'root' },
      scoped: FORBIDDEN,
      skipUnscoped: true,
    },
    'etcd-auth.users.revoke': {
      method: 'DELETE',
      path: `/etcd-auth/users/${OUTSIDE}user/roles/root`,
      scoped: FORBIDDEN,
      skipUnscoped: true,
    },
    'etcd-auth.roles.create': {
      method: 'POST',
      path: '/etcd-auth/roles',
      body: { name: `${OUTSIDE}role` },
      scoped: FORBIDDEN,
      skipUnscoped: true,
    },
    'etcd-auth.roles.delete': {
      method: 'DELETE',
      path: `/etcd-auth/roles/${OUTSIDE}role`,
      scoped: FORBIDDEN,
      skipUnscoped: true,
    },
    'etcd-auth.roles.grant': {
      method: 'POST',
      path: `/etcd-auth/roles/${OUTSIDE}role/permissions`,
      body: { key: '/', rangeEnd: '', permission: 'read' },
      scoped: FORBIDDEN,
      skipUnscoped: true,
    },
    'etcd-auth.roles.revoke': {
      method: 'POST',
      path: `/etcd-auth/roles/${OUTSIDE}role/permissions/revoke`,
      body: { key: '/' },
      scoped: FORBIDDEN,
      skipUnscoped: true,
    },
    'etcd-auth.enable': { method: 'POST', path: '/etcd-auth/enable', scoped: FORBIDDEN, skipUnscoped: true },
    'etcd-auth.disable': {
      method: 'POST',
      path: '/etcd-auth/disable',
      scoped: FORBIDDEN,
      skipUnscoped: true,
    },
    'tokens.list': get('/tokens', FORBIDDEN),
    'tokens.create': {
      method: 'POST',
      path: '/tokens',
      body: { name: 'wide', role: 'admin', prefixes: [] },
      scoped: FORBIDDEN,
      skipUnscoped: true,
    },
    'tokens.revoke': {
      method: 'DELETE',
      path: '/tokens/0123456789ab',
      scoped: FORBIDDEN,
      skipUnscoped: true,
    },
    'changesets.list': get('/changesets?limit=500'),
    'changesets.get': get(`/changesets/${seed.changesetId}`, HIDDEN),
    'changesets.review': get(`/changesets/${seed.changesetId}/review`, HIDDEN),
    'changesets.create': {
      method: 'POST',
      path: '/changesets',
      body: { title: 'x', edits: [{ key: `/${OUTSIDE}secret/new`, value: 'x' }] },
      scoped: FORBIDDEN,
      skipUnscoped: true,
    },
    'changesets.update': {
      method: 'PATCH',
      path: `/changesets/${seed.changesetId}`,
      body: { title: 'renamed' },
      scoped: HIDDEN,
      skipUnscoped: true,
    },
    'changesets.discard': {
      method: 'DELETE',
      path: `/changesets/${seed.changesetId}`,
      scoped: HIDDEN,
      skipUnscoped: true,
    },
    'changesets.canary.get': get(`/changesets/${seed.changesetId}/canary`, HIDDEN),
    'changesets.canary': {
      method: 'POST',
      path: `/changesets/${seed.changesetId}/canary`,
      body: { share: { app: 'any-app', percent: 50 } },
      scoped: HIDDEN,
      skipUnscoped: true,
    },
    ...Object.fromEntries(
      ['rebase', 'approve', 'reject', 'publish', 'revert', 'promote', 'abort'].map((action) => [
        `changesets.${action}`,
        {
          method: 'POST',
          path: `/changesets/${seed.changesetId}/${action}`,
          body: action === 'approve' || action === 'reject' ? { comment: 'x' } : {},
          scoped: HIDDEN,
          skipUnscoped: true,
        },
      ]),
    ),
    'changesets.policy.get': get('/changesets/policy', FORBIDDEN),
    'changesets.policy.put': {
      method: 'PUT',
      path: '/changesets/policy',
      body: { policy: { rules: [] }, expectedModRevision: 0 },
      scoped: FORBIDDEN,
      skipUnscoped: true,
    },
    'webhooks.list': get('/webhooks', FORBIDDEN),
    'webhooks.get': get('/webhooks/0123456789ab', FORBIDDEN),
    'webhooks.deliveries': get('/webhooks/0123456789ab/deliveries', FORBIDDEN),
    'webhooks.create': {
      method: 'POST',
      path: '/webhooks',
      body: { url: 'http://127.0.0.1:9/hook', prefix: `/${OUTSIDE}secret/`, events: ['config.published'] },
      scoped: FORBIDDEN,
    },
    'webhooks.update': {
      method: 'PATCH',
      path: '/webhooks/0123456789ab',
      body: { enabled: false },
      scoped: FORBIDDEN,
    },
    'webhooks.delete': { method: 'DELETE', path: '/webhooks/0123456789ab', scoped: FORBIDDEN },
    'webhooks.test': { method: 'POST', path: '/webhooks/0123456789ab/test', scoped: FORBIDDEN },
    'audit.list': get('/audit?limit=500'),
    'audit.export': get('/audit/export'),
  };
}

/** A refusal may repeat what the caller asked for (the name in the URL); only what they did not ask is a leak. */
function withoutEcho(body: string, row: Row): string {
  const asked = [
    ...decodeURIComponent(row.path).split(/[/?&=]/),
    ...(row.body === undefined ? [] : Object.values(row.body as Record<string, unknown>).map(String)),
  ].filter((t) => t.length >= 3);
  const full =
    decodeURIComponent(row.path)
      .match(/=([^&]+)/g)
      ?.map((m) => m.slice(1)) ?? [];
  let out = body;
  for (const token of [...full, ...asked].sort((a, b) => b.length - a.length))
    out = out.split(token).join('');
  return out;
}

type Caller = {
  name: string;
  headers: () => Record<string, string>;
  /** What this caller may see: null = everything. */
  hidden: string[] | null;
  kind: 'anonymous' | 'scoped' | 'unscoped' | 'cross-origin';
  role: 'viewer' | 'operator' | 'admin' | null;
};

describe('access matrix: every route × every caller, nothing leaks outside a scope', () => {
  let etcd: TestEtcd;
  let routes: RouteFile[];
  let seed: Seed;
  let policy: typeof import('@/lib/auth/policy');
  const cookies: Record<string, string> = {};
  let scopedToken = '';
  let expired = '';

  async function call(route: RouteFile, row: Row, headers: Record<string, string>) {
    const url = `${ORIGIN}/api/v1${row.path}`;
    const method = Object.keys(route.handlers)[0]!;
    const init: RequestInit = { method, headers: { host: 'console.test', ...headers } };
    if (row.body !== undefined) {
      init.body = JSON.stringify(row.body);
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
    const handler = route.handlers[method]!;
    const res = await handler(new Request(url, init), { params: Promise.resolve(route.paramsFor(row.path)) });
    return { status: res.status, body: await readBody(res, route.name === 'watch' ? 700 : 5000) };
  }

  async function api(method: string, path: string, cookie: string, body?: unknown) {
    const route = routes.find((r) => r.matches(method, path));
    if (!route) throw new Error(`no route for ${method} ${path}`);
    const res = await call(
      route,
      { method, path, body, scoped: OK },
      { cookie, origin: ORIGIN, ...gateHeaders() },
    );
    return { status: res.status, json: res.body ? JSON.parse(res.body) : null };
  }

  beforeAll(async () => {
    etcd = await startTestEtcd();
    const hash = bcrypt.hashSync('pw', 4);
    useConsoleEtcd(etcd.endpoints, {
      CONSOLE_SESSION_SECRET: SECRET,
      CONSOLE_USERS: JSON.stringify([
        { name: 'vpay', passwordHash: hash, role: 'viewer', prefixes: [SCOPE] },
        { name: 'opay', passwordHash: hash, role: 'operator', prefixes: [SCOPE] },
        { name: 'otto', passwordHash: hash, role: 'operator' },
        { name: 'ada', passwordHash: hash, role: 'admin' },
      ]),
    });
    (await import('@/lib/auth/auth-config')).resetAuthConfig();
    policy = await import('@/lib/auth/policy');
    routes = await listRouteFiles();
    for (const name of ['vpay', 'opay', 'otto', 'ada']) cookies[name] = await signIn(name, 'pw', ORIGIN);
    const { createToken } = await import('@/lib/auth/tokens');
    scopedToken = (
      await createToken({ name: 'pay-ci', role: 'operator', prefixes: [SCOPE], expiresInDays: 1 }, 'test')
    ).token;
    // A session that was valid once and has expired (sealed like the console seals them, an hour in the past).
    const key = new Uint8Array(createHash('sha256').update(SECRET).digest());
    expired = `etcd_console_session=${await new EncryptJWT({
      actor: { name: 'ada', role: 'admin', prefixes: [], via: 'session' },
      jti: 'expired-session',
    })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .encrypt(key)}`;

    // Inside the scope, written through the API so its audit record exists too.
    expect(
      (await api('PUT', '/kv/item', cookies.ada!, { key: `${SCOPE}limits.json`, value: '{"max":10}' }))
        .status,
    ).toBe(200);
    // Outside: keys, an audited write, a service on a lease that also holds another key, a command, a worker, a
    // task, a config subscriber, and one of the console's own keys.
    await etcd.client.put(`/${OUTSIDE}secret/db-password`).value(`${OUTSIDE}-hunter2`);
    await etcd.client.put(`/config/${OUTSIDE}other/flag`).value(`${OUTSIDE}-on`);
    expect(
      (
        await api('PUT', '/kv/item', cookies.ada!, {
          key: `/${OUTSIDE}secret/audited`,
          value: `${OUTSIDE}-v`,
        })
      ).status,
    ).toBe(200);
    const lease = etcd.client.lease(600, { autoKeepAlive: false });
    const leaseId = await lease.grant();
    await lease
      .put(`/services/${OUTSIDE}svc/i1`)
      .value(JSON.stringify({ address: '10.7.7.7', port: 7777, metadata: { who: `${OUTSIDE}meta` } }));
    await lease.put(`/${OUTSIDE}secret/leased`).value(`${OUTSIDE}-leased`);
    // An election candidate as etcd's concurrency recipe writes it: `<name>/<its lease in hex>`.
    await lease.put(`/${OUTSIDE}elect/${BigInt(leaseId).toString(16)}`).value(`${OUTSIDE}-proposal`);
    const created = await api('POST', '/commands', cookies.ada!, {
      group: `${OUTSIDE}group`,
      type: 'deploy',
      mode: 'any',
    });
    expect(created.status).toBe(201);
    await etcd.client
      .put(`/workers/${OUTSIDE}group/${OUTSIDE}w1`)
      .value(JSON.stringify({ hostname: `${OUTSIDE}host`, types: ['deploy'] }));
    await etcd.client.put(`/tasks/${OUTSIDE}task`).value(JSON.stringify({ name: `${OUTSIDE}task` }));
    await etcd.client
      .put(`/subscribers/${OUTSIDE}app/${OUTSIDE}inst`)
      .value(JSON.stringify({ app: `${OUTSIDE}app`, prefix: `/${OUTSIDE}secret/` }));
    await etcd.client.put(`/_console/${INTERNAL}-internal`).value(`${INTERNAL}-internal`);
    // A change set of keys outside the scope, its record under /_console/changesets/.
    const changeset = await api('POST', '/changesets', cookies.ada!, {
      title: `${OUTSIDE} change`,
      edits: [{ key: `/${OUTSIDE}secret/db-password`, value: `${OUTSIDE}-rotated` }],
    });
    expect(changeset.status).toBe(201);
    seed = {
      commandId: created.json.id,
      lease: leaseId,
      taskId: `${OUTSIDE}task`,
      changesetId: changeset.json.id,
    };
  });

  afterAll(async () => {
    resetConsoleClient();
    delete process.env.CONSOLE_USERS;
    delete process.env.CONSOLE_SESSION_SECRET;
    (await import('@/lib/auth/auth-config')).resetAuthConfig();
    await etcd?.destroy();
  });

  it('has a row for every route, and a route for every row', () => {
    const table = rows({ commandId: 'x', lease: '1', taskId: 'x', changesetId: 'x' });
    const names = routes.map((r) => `${r.name}`);
    expect(names.filter((n) => !(n in table))).toEqual([]);
    expect(Object.keys(table).filter((n) => !names.includes(n))).toEqual([]);
  });

  it('answers each caller as the access model says and leaks nothing', async () => {
    const table = rows(seed);
    const same = () => ({ origin: ORIGIN, ...gateHeaders() });
    const callers: Caller[] = [
      {
        name: 'anonymous',
        headers: same,
        hidden: [OUTSIDE, INTERNAL, 'limits.json'],
        kind: 'anonymous',
        role: null,
      },
      {
        name: 'expired session',
        headers: () => ({ ...same(), cookie: expired }),
        hidden: [OUTSIDE, INTERNAL, 'limits.json'],
        kind: 'anonymous',
        role: null,
      },
      {
        name: 'viewer scoped',
        headers: () => ({ ...same(), cookie: cookies.vpay! }),
        hidden: [OUTSIDE, INTERNAL],
        kind: 'scoped',
        role: 'viewer',
      },
      {
        name: 'operator scoped',
        headers: () => ({ ...same(), cookie: cookies.opay! }),
        hidden: [OUTSIDE, INTERNAL],
        kind: 'scoped',
        role: 'operator',
      },
      {
        name: 'token scoped',
        headers: () => ({ ...gateHeaders(), authorization: `Bearer ${scopedToken}` }),
        hidden: [OUTSIDE, INTERNAL],
        kind: 'scoped',
        role: 'operator',
      },
      {
        name: 'cross-origin admin',
        headers: () => ({ ...gateHeaders(), cookie: cookies.ada!, origin: 'http://evil.example' }),
        hidden: null,
        kind: 'cross-origin',
        role: 'admin',
      },
      {
        name: 'operator',
        headers: () => ({ ...same(), cookie: cookies.otto! }),
        hidden: [INTERNAL],
        kind: 'unscoped',
        role: 'operator',
      },
      {
        name: 'admin',
        headers: () => ({ ...same(), cookie: cookies.ada! }),
        hidden: null,
        kind: 'unscoped',
        role: 'admin',
      },
    ];
    const problems: string[] = [];
    const revisionNow = async () => Number((await etcd.client.get('/').exec()).header.revision);
    for (const caller of callers) {
      for (const route of routes) {
        const row = table[route.name]!;
        const access = policy.accessFor(route.name);
        const unsafe = Object.keys(route.handlers)[0] !== 'GET';
        if (caller.kind === 'unscoped' && row.skipUnscoped) continue;
        if (caller.kind === 'cross-origin' && !unsafe) continue;
        if (route.name === 'auth.logout' && caller.kind !== 'anonymous') continue;
        const before = await revisionNow();
        const { status, body } = await call(route, row, caller.headers());
        const after = await revisionNow();
        const where = `${route.name} as ${caller.name}`;
        let allowed: number[] | 'through' | 'answered';
        if (access.kind === 'public') allowed = caller.kind === 'scoped' ? row.scoped : 'answered';
        else if (caller.kind === 'anonymous') allowed = [401];
        else if (caller.kind === 'cross-origin') allowed = [403];
        else if (!policy.roleAtLeast(caller.role!, access.role)) allowed = [403];
        else if (caller.kind === 'scoped') allowed = row.scoped;
        else allowed = 'through';
        const ok =
          allowed === 'answered'
            ? status < 500
            : allowed === 'through'
              ? status < 500 && status !== 401 && status !== 403
              : allowed.includes(status);
        if (!ok) problems.push(`${where}: ${status} ${body.slice(0, 160)} — expected ${String(allowed)}`);
        if (caller.hidden) {
          const leaks = findLeaks(withoutEcho(body, row), caller.hidden);
          if (leaks.length > 0)
            problems.push(`${where}: body shows ${leaks.join(', ')}: ${body.slice(0, 300)}`);
        }
        // A refused request changes nothing (logins write their own audit record).
        if (status >= 400 && after !== before && route.name !== 'auth.login') {
          problems.push(`${where}: refused with ${status} but the store moved from ${before} to ${after}`);
        }
      }
    }
    expect(problems).toEqual([]);
  }, 300_000);

  it('shows a scoped viewer what is inside the scope', async () => {
    const headers = { cookie: cookies.vpay!, ...gateHeaders() };
    const route = (name: string) => routes.find((r) => r.name === name)!;
    const list = await call(route('kv.list'), rows(seed)['kv.list']!, headers);
    expect(list.body).toContain(`${SCOPE}limits.json`);
    const item = await call(
      route('kv.item.get'),
      { method: 'GET', path: `/kv/item?key=${SCOPE}limits.json`, scoped: OK },
      headers,
    );
    expect(item.status).toBe(200);
    const children = await call(route('kv.children'), rows(seed)['kv.children']!, headers);
    expect(JSON.parse(children.body).children.map((c: { name: string }) => c.name)).toEqual(['config']);
    const watch = await call(route('watch'), rows(seed).watch!, headers);
    expect(watch.body).toContain('limits.json');
    const audit = await call(route('audit.list'), rows(seed)['audit.list']!, headers);
    expect(audit.body).toContain('limits.json');
    const inside = await api('POST', '/changesets', cookies.ada!, {
      title: 'inside',
      edits: [{ key: `${SCOPE}limits.json`, value: '{"max":20}' }],
    });
    const sets = await call(route('changesets.list'), rows(seed)['changesets.list']!, headers);
    expect(JSON.parse(sets.body).changesets.map((c: { id: string }) => c.id)).toEqual([inside.json.id]);
  });

  it('says so when a token scope does not end in "/" (it matches byte-exact, siblings included)', async () => {
    const { createToken } = await import('@/lib/auth/tokens');
    const loose = await createToken(
      { name: 'loose', role: 'viewer', prefixes: ['/config/pay'], expiresInDays: 1 },
      't',
    );
    expect(loose.warnings.join(' ')).toMatch(/"\/config\/pay" does not end in "\/"/);
    const exact = await createToken(
      { name: 'exact', role: 'viewer', prefixes: [SCOPE], expiresInDays: 1 },
      't',
    );
    expect(exact.warnings).toEqual([]);
  });

  it('refuses every key route of a login-off console to a request that did not come through the loopback gate', async () => {
    delete process.env.CONSOLE_USERS;
    delete process.env.CONSOLE_SESSION_SECRET;
    (await import('@/lib/auth/auth-config')).resetAuthConfig();
    // These requests did not come through server.mjs's gate (a rebinding Host never does: it answers 403 there).
    setUngatedTestPeer(null);
    try {
      const table = rows(seed);
      const problems: string[] = [];
      const rebinding = { host: 'a.rebind.test:3000', origin: 'http://a.rebind.test:3000' };
      for (const route of routes) {
        const access = policy.accessFor(route.name);
        if (access.kind === 'public') continue;
        const row = table[route.name]!;
        const { status, body } = await call(route, row, rebinding);
        if (status !== 401 && status !== 403) problems.push(`${route.name} by DNS rebinding: ${status}`);
        const leaks = findLeaks(body, [OUTSIDE, INTERNAL]);
        if (leaks.length > 0) problems.push(`${route.name} by DNS rebinding shows ${leaks.join(', ')}`);
      }
      expect(problems).toEqual([]);
    } finally {
      setUngatedTestPeer('127.0.0.1');
      process.env.CONSOLE_SESSION_SECRET = SECRET;
    }
  }, 120_000);
});
