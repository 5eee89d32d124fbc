// etcd login mode on a real etcd with auth on: a user whose etcd role reads /alice/ only sees nothing else through
// keys, children, export, the watch stream or an API token they make.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetConsoleClient, useConsoleEtcd } from '../helpers/console-env';
import { startTestEtcd, type TestEtcd } from '../helpers/etcd';
import { findLeaks, readBody } from '../helpers/leaks';
import { gateHeaders, listRouteFiles, type RouteFile } from '../helpers/routes';
import { signIn } from '../helpers/sign-in';

const SECRET = 'etcd-mode-session-secret-0123456789abcdef';
const ORIGIN = 'http://console.test';
const OUTSIDE = 'qx7';

describe('etcd login mode: etcd RBAC bounds every read of the signed-in user', () => {
  let etcd: TestEtcd;
  let routes: RouteFile[];
  let cookie = '';

  async function call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
    const route = routes.find((r) => r.matches(method, path));
    if (!route) throw new Error(`no route for ${method} ${path}`);
    const init: RequestInit = {
      method,
      headers: { host: 'console.test', origin: ORIGIN, ...gateHeaders(), ...headers },
    };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
    const res = await route.handlers[method]!(new Request(`${ORIGIN}/api/v1${path}`, init), {
      params: Promise.resolve(route.paramsFor(path)),
    });
    return { status: res.status, body: await readBody(res, path.startsWith('/watch') ? 800 : 5000) };
  }

  beforeAll(async () => {
    etcd = await startTestEtcd();
    await etcd.client.put('/alice/cfg').value('alice-value');
    await etcd.client.put(`/${OUTSIDE}bob/secret`).value(`${OUTSIDE}-bob-secret`);
    await etcd.client.put(`/config/${OUTSIDE}`).value(`${OUTSIDE}-config`);
    await etcd.etcdctl('user', 'add', 'root:root-pw');
    await etcd.etcdctl('user', 'grant-role', 'root', 'root');
    await etcd.etcdctl('role', 'add', 'alice-read');
    await etcd.etcdctl('role', 'grant-permission', 'alice-read', '--prefix=true', 'readwrite', '/alice/');
    // Changes carry their audit record in the same transaction, made with the user's credentials (docs/security.md).
    await etcd.etcdctl(
      'role',
      'grant-permission',
      'alice-read',
      '--prefix=true',
      'readwrite',
      '/_console/audit/',
    );
    await etcd.etcdctl('user', 'add', 'alice:alice-pw');
    await etcd.etcdctl('user', 'grant-role', 'alice', 'alice-read');
    await etcd.etcdctl('auth', 'enable');
    useConsoleEtcd(etcd.endpoints, {
      ETCD_USERNAME: 'root',
      ETCD_PASSWORD: 'root-pw',
      CONSOLE_AUTH: 'etcd',
      CONSOLE_SESSION_SECRET: SECRET,
    });
    (await import('@/lib/auth/auth-config')).resetAuthConfig();
    routes = await listRouteFiles();
    cookie = await signIn('alice', 'alice-pw', ORIGIN);
  });

  afterAll(async () => {
    resetConsoleClient();
    for (const v of ['ETCD_USERNAME', 'ETCD_PASSWORD', 'CONSOLE_AUTH', 'CONSOLE_SESSION_SECRET'])
      delete process.env[v];
    (await import('@/lib/auth/auth-config')).resetAuthConfig();
    await etcd?.destroy();
  });

  async function expectOnlyAlice(headers: Record<string, string>) {
    const list = await call('GET', '/kv?prefix=&limit=1000', headers);
    expect(list.status).toBe(200);
    const keys: string[] = JSON.parse(list.body).items.map((i: { key: string }) => i.key);
    expect(keys).toContain('/alice/cfg');
    // Her role reads /alice/ and (to write audited changes) /_console/audit/: nothing else.
    expect(keys.filter((k) => !k.startsWith('/alice/') && !k.startsWith('/_console/audit/'))).toEqual([]);
    const children = await call('GET', '/kv/children?prefix=/', headers);
    const names: string[] = JSON.parse(children.body).children.map((c: { name: string }) => c.name);
    expect(names.filter((n) => n !== '_console')).toEqual(['alice']);
    const outside = await call('GET', `/kv/item?key=/${OUTSIDE}bob/secret`, headers);
    expect(outside.status).toBe(403);
    const inside = await call('GET', '/kv/item?key=/alice/cfg', headers);
    expect(inside.status).toBe(200);
    const exported = await call('GET', '/kv/export?prefix=', headers);
    expect(exported.status).toBe(200);
    expect(exported.body).toContain('alice-value');
    const watch = await call('GET', '/watch?prefix=&fromRevision=1', headers);
    expect(watch.status).toBe(200);
    expect(watch.body).toContain('/alice/cfg');
    const search = await call('GET', `/kv/search?prefix=&contains=${OUTSIDE}`, headers);
    for (const res of [list, children, outside, inside, exported, watch]) {
      expect(findLeaks(res.body, [OUTSIDE, '_console/tokens'])).toEqual([]);
    }
    expect(JSON.parse(search.body).matches).toEqual([]);
  }

  it('shows the signed-in user only what their etcd role reads', async () => {
    await expectOnlyAlice({ cookie });
  });

  it('writes with the user’s own credentials: etcd refuses what their role does not allow', async () => {
    const denied = await call('PUT', '/kv/item', { cookie }, { key: `/${OUTSIDE}bob/new`, value: 'x' });
    expect(denied.status).toBe(403);
    expect(await etcd.etcdctl('--user=root:root-pw', 'get', `/${OUTSIDE}bob/new`)).toBe('');
    const allowed = await call('PUT', '/kv/item', { cookie }, { key: '/alice/new', value: 'x' });
    expect(allowed.status).toBe(200);
  });

  it('gives a token made by the user the same etcd identity, and nothing more', async () => {
    const made = await call(
      'POST',
      '/tokens',
      { cookie },
      { name: 'alice-ci', role: 'viewer', expiresInDays: 1 },
    );
    expect(made.status).toBe(201);
    const { token, info } = JSON.parse(made.body);
    expect(info.etcdUser).toBe('alice');
    await expectOnlyAlice({ authorization: `Bearer ${token}`, origin: '' });
    // The stored record does not hold the password in the clear.
    const stored = await etcd.etcdctl('--user=root:root-pw', 'get', '--prefix', '/_console/tokens/');
    expect(stored).not.toContain('alice-pw');
  });
});
