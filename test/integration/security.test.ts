import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { EncryptJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gateHeaders, resetConsoleClient, useConsoleEtcd } from '../helpers/console-env';
import { startTestEtcd, type TestEtcd } from '../helpers/etcd';

const SECRET = 'integration-test-session-secret-0123456789';
const ORIGIN = 'http://console.test';
process.env.LOGIN_WINDOW_MS = '1500';
process.env.LOGIN_MAX_FAILURES = '5';

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type RouteCase = {
  method: string;
  url: string;
  name: string;
  handler: Handler;
  params: Record<string, string>;
};

const apiRoot = path.resolve(import.meta.dirname, '../../app/api/v1');

/** Every route file's handlers, with dummy path params. */
async function allRoutes(): Promise<RouteCase[]> {
  const cases: RouteCase[] = [];
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(dir, e.name));
      else if (e.name === 'route.ts') files.push(path.join(dir, e.name));
    }
  };
  walk(apiRoot);
  for (const file of files) {
    const rel = path.relative(apiRoot, path.dirname(file)).split(path.sep);
    const params: Record<string, string> = {};
    const urlPath = rel
      .map((seg) => {
        const m = /^\[(.+)\]$/.exec(seg);
        if (!m) return seg;
        params[m[1]!] = m[1] === 'id' ? '0123456789ab' : 'dummy';
        return params[m[1]!];
      })
      .join('/');
    const source = fs.readFileSync(file, 'utf8');
    const mod = (await import(file)) as Record<string, Handler>;
    for (const m of source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE) = route\(\s*'([^']+)'/g)) {
      cases.push({
        method: m[1]!,
        name: m[2]!,
        handler: mod[m[1]!]!,
        params,
        url: `${ORIGIN}/api/v1/${urlPath}`.replace(/\/$/, ''),
      });
    }
  }
  return cases;
}

describe('who may call what: every /api/v1 route under every kind of caller', () => {
  let etcd: TestEtcd;
  let routes: RouteCase[];
  let policy: typeof import('@/lib/auth/policy');
  const cookies: Record<string, string> = {};
  let viewerToken = '';

  async function call(rc: RouteCase, headers: Record<string, string>, body?: string) {
    const init: RequestInit = { method: rc.method, headers: { host: 'console.test', ...headers } };
    if (rc.method !== 'GET' && rc.method !== 'DELETE') {
      init.body = body ?? '{}';
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
    const res = await rc.handler(new Request(rc.url, init), { params: Promise.resolve(rc.params) });
    await res.body?.cancel().catch(() => {});
    return res.status;
  }

  async function login(username: string, password: string) {
    const { POST } = await import('@/app/api/v1/auth/login/route');
    return POST(
      new Request(`${ORIGIN}/api/v1/auth/login`, {
        method: 'POST',
        headers: {
          host: 'console.test',
          origin: ORIGIN,
          'content-type': 'application/json',
          'x-forwarded-for': '10.9.8.7',
        },
        body: JSON.stringify({ username, password }),
      }),
      { params: Promise.resolve({}) },
    );
  }

  beforeAll(async () => {
    etcd = await startTestEtcd();
    const hash = bcrypt.hashSync('pw', 4);
    useConsoleEtcd(etcd.endpoints, {
      CONSOLE_SESSION_SECRET: SECRET,
      CONSOLE_USERS: JSON.stringify([
        { name: 'vera', passwordHash: hash, role: 'viewer' },
        { name: 'otto', passwordHash: hash, role: 'operator' },
        { name: 'olga', passwordHash: hash, role: 'operator', prefixes: ['/elsewhere/'] },
        { name: 'ada', passwordHash: hash, role: 'admin' },
      ]),
    });
    (await import('@/lib/auth/auth-config')).resetAuthConfig();
    policy = await import('@/lib/auth/policy');
    routes = await allRoutes();
    for (const name of ['vera', 'otto', 'olga', 'ada']) {
      const res = await login(name, 'pw');
      expect(res.status).toBe(200);
      cookies[name] = res.headers.get('set-cookie')!.split(';')[0]!;
      expect(res.headers.get('set-cookie')).toMatch(/HttpOnly/);
      expect(res.headers.get('set-cookie')).toMatch(/SameSite=Strict/);
    }
    const { createToken } = await import('@/lib/auth/tokens');
    viewerToken = (await createToken({ name: 'ci', role: 'viewer', prefixes: [], expiresInDays: 1 }, 'test'))
      .token;
  });

  afterAll(async () => {
    resetConsoleClient();
    delete process.env.CONSOLE_USERS;
    delete process.env.CONSOLE_SESSION_SECRET;
    (await import('@/lib/auth/auth-config')).resetAuthConfig();
    await etcd?.destroy();
  });

  const passed = (status: number) => status !== 401 && status !== 403;

  it('answers each caller as the role model says', async () => {
    const key = new Uint8Array(createHash('sha256').update(SECRET).digest());
    const expired = `etcd_console_session=${await new EncryptJWT({
      actor: { name: 'ada', role: 'admin', prefixes: [], via: 'session' },
    })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .encrypt(key)}`;
    const problems: string[] = [];
    const expect_ = (rc: RouteCase, who: string, status: number, ok: boolean) => {
      if (passed(status) !== ok)
        problems.push(`${rc.method} ${rc.name} as ${who}: ${status}, expected ${ok ? 'through' : '401/403'}`);
    };
    for (const rc of routes) {
      const access = policy.accessFor(rc.name);
      const isPublic = access.kind === 'public';
      const needs = access.kind === 'role' ? access.role : 'viewer';
      const unsafe = rc.method !== 'GET';
      const same = { origin: ORIGIN };
      if (rc.name === 'auth.logout' || rc.name === 'auth.me') continue; // answers by design; tested below
      expect_(rc, 'nobody', await call(rc, unsafe ? same : {}), isPublic);
      expect_(rc, 'expired session', await call(rc, { cookie: expired, ...(unsafe ? same : {}) }), isPublic);
      expect_(
        rc,
        'viewer',
        await call(rc, { cookie: cookies.vera!, ...same }),
        isPublic || needs === 'viewer',
      );
      expect_(
        rc,
        'operator',
        await call(rc, { cookie: cookies.otto!, ...same }),
        isPublic || needs !== 'admin',
      );
      expect_(
        rc,
        'scoped operator',
        await call(rc, { cookie: cookies.olga!, ...same }),
        // The dummy instance lies outside /elsewhere/: the scope refuses it.
        (isPublic || needs !== 'admin') && rc.name !== 'services.instance.delete',
      );
      expect_(
        rc,
        'viewer token',
        await call(rc, { authorization: `Bearer ${viewerToken}` }),
        isPublic || needs === 'viewer',
      );
      if (unsafe && !isPublic) {
        expect_(
          rc,
          'admin cross-origin',
          await call(rc, { cookie: cookies.ada!, origin: 'http://evil.example' }),
          false,
        );
      }
      if (!(rc.name === 'cluster.defrag.start' || rc.name.startsWith('etcd-auth.'))) {
        expect_(rc, 'admin', await call(rc, { cookie: cookies.ada!, ...same }), true);
      }
    }
    expect(problems).toEqual([]);
  }, 120_000);

  it('keeps a scoped operator to their prefixes', async () => {
    const { PUT } = await import('@/app/api/v1/kv/item/route');
    const put = (key: string) =>
      PUT(
        new Request(`${ORIGIN}/api/v1/kv/item`, {
          method: 'PUT',
          headers: {
            host: 'console.test',
            origin: ORIGIN,
            cookie: cookies.olga!,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ key, value: 'v', expectedModRevision: 0 }),
        }),
        { params: Promise.resolve({}) },
      );
    expect((await put('/config/not-mine')).status).toBe(403);
    expect(await etcd.client.get('/config/not-mine').string()).toBeNull();
    expect((await put('/elsewhere/mine')).status).toBe(200);
  });

  it('records a write and its audit entry at one revision; a rejected write leaves neither', async () => {
    const { PUT } = await import('@/app/api/v1/kv/item/route');
    const put = (body: unknown) =>
      PUT(
        new Request(`${ORIGIN}/api/v1/kv/item`, {
          method: 'PUT',
          headers: {
            host: 'console.test',
            origin: ORIGIN,
            cookie: cookies.otto!,
            'content-type': 'application/json',
            // The audit trail's source is the front door's word for the caller (server/gate.mjs).
            ...gateHeaders('192.0.2.7'),
          },
          body: JSON.stringify(body),
        }),
        { params: Promise.resolve({}) },
      );
    const res = await put({ key: '/audited/k', value: 'v1', expectedModRevision: 0, reason: 'ticket-42' });
    expect(res.status).toBe(200);
    const revision = (await res.json()).item.modRevision as number;
    const audit = await etcd.client.getAll().prefix('/_console/audit/').exec();
    const mine = audit.kvs
      .map((kv) => ({ rev: Number(kv.mod_revision), rec: JSON.parse(kv.value.toString()) }))
      .filter((a) => a.rec.targets.includes('/audited/k'));
    expect(mine).toHaveLength(1);
    expect(mine[0]!.rev).toBe(revision);
    expect(mine[0]!.rec).toMatchObject({
      actor: 'otto',
      action: 'kv.put',
      before: [0],
      source: '192.0.2.7',
      reason: 'ticket-42',
    });

    const before = Number((await etcd.client.get('/').exec()).header.revision);
    const stale = await put({ key: '/audited/k', value: 'v2', expectedModRevision: 1 });
    expect(stale.status).toBe(409);
    expect(Number((await etcd.client.get('/').exec()).header.revision)).toBe(before);

    const { GET } = await import('@/app/api/v1/audit/route');
    const listed = await GET(
      new Request(`${ORIGIN}/api/v1/audit?key=/audited/`, { headers: { cookie: cookies.vera! } }),
      { params: Promise.resolve({}) },
    );
    expect((await listed.json()).entries.map((e: { actor: string }) => e.actor)).toEqual(['otto']);

    // The key's history says who made the version.
    const history = await import('@/app/api/v1/kv/history/route');
    const h = await history.GET(
      new Request(`${ORIGIN}/api/v1/kv/history?key=/audited/k`, { headers: { cookie: cookies.vera! } }),
      { params: Promise.resolve({}) },
    );
    expect((await h.json()).authors[revision]).toMatchObject({ actor: 'otto', action: 'kv.put' });
  });

  it('refuses console edits of its own keys', async () => {
    const { PUT } = await import('@/app/api/v1/kv/item/route');
    const res = await PUT(
      new Request(`${ORIGIN}/api/v1/kv/item`, {
        method: 'PUT',
        headers: {
          host: 'console.test',
          origin: ORIGIN,
          cookie: cookies.ada!,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ key: '/_console/audit/forged', value: '{}' }),
      }),
      { params: Promise.resolve({}) },
    );
    expect(res.status).toBe(403);
  });

  it('answers brute force with 429, and lets the real user in after the window', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await login('vera', 'wrong')).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    expect((await login('vera', 'pw')).status).toBe(429);
    await new Promise((r) => setTimeout(r, 1600));
    expect((await login('vera', 'pw')).status).toBe(200);
  });

  it('tells who is signed in, and logout clears the cookie', async () => {
    const me = await import('@/app/api/v1/auth/me/route');
    const res = await me.GET(
      new Request(`${ORIGIN}/api/v1/auth/me`, { headers: { cookie: cookies.otto! } }),
      { params: Promise.resolve({}) },
    );
    expect(await res.json()).toMatchObject({ mode: 'console', user: { name: 'otto', role: 'operator' } });
    const anon = await me.GET(new Request(`${ORIGIN}/api/v1/auth/me`), { params: Promise.resolve({}) });
    expect(anon.status).toBe(401);
    const { POST } = await import('@/app/api/v1/auth/logout/route');
    const out = await POST(
      new Request(`${ORIGIN}/api/v1/auth/logout`, {
        method: 'POST',
        headers: { origin: ORIGIN, host: 'console.test' },
      }),
      { params: Promise.resolve({}) },
    );
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
  });
});
