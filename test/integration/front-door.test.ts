// No path around the front door: the gate on real sockets in front of the real route handlers, the login rate
// limit keyed by the address the gate vouches for, the page layer's own authentication, and sessions that end.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import bcrypt from 'bcryptjs';
import { EncryptJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGate, parseTrustedProxies } from '@/server/gate.mjs';
import { gateHeaders, resetConsoleClient, routeContext, useConsoleEtcd } from '../helpers/console-env';
import { startTestEtcd, type TestEtcd } from '../helpers/etcd';
import { setUngatedTestPeer } from '../helpers/gate';

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Reply = {
  status: number;
  body: { error?: { code: string; message: string } } & Record<string, unknown>;
};

const SECRET = 'front-door-test-session-secret-0123456789';
const ORIGIN = 'http://console.test';
const hash = bcrypt.hashSync('pw', 4);

/** A bare node:http server: the gate, then in-process route handlers by path (a stand-in for Next). */
async function gatedServer(
  options: { loginOff: boolean; proxies?: string },
  routes: Record<string, Handler>,
) {
  gateHeaders(); // makes sure this process has a CONSOLE_GATE_SECRET
  const server = http.createServer();
  const gate = createGate({
    secret: process.env.CONSOLE_GATE_SECRET!,
    loginOff: options.loginOff,
    trusted: parseTrustedProxies(options.proxies),
    port: () => (server.address() as AddressInfo).port,
  });
  server.on('request', async (req, res) => {
    if (!gate.admit(req, res)) return;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) {
      for (const value of Array.isArray(v) ? v : v === undefined ? [] : [v]) headers.append(k, value);
    }
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const handler = routes[url.pathname];
    if (!handler) {
      res.writeHead(404).end();
      return;
    }
    const response = await handler(
      new Request(url, {
        method: req.method,
        headers,
        body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
      }),
      routeContext(),
    );
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    /** One request over a real socket to 127.0.0.1, with whatever Host and headers the caller likes. */
    send(method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<Reply> {
      return new Promise((resolve, reject) => {
        const payload = body === undefined ? undefined : JSON.stringify(body);
        const req = http.request(
          {
            host: '127.0.0.1',
            port,
            method,
            path,
            headers: {
              host: `127.0.0.1:${port}`,
              ...(payload ? { 'content-type': 'application/json' } : {}),
              ...headers,
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : {} });
            });
          },
        );
        req.on('error', reject);
        req.end(payload);
      });
    },
  };
}

describe('the front door', () => {
  let etcd: TestEtcd;
  let me: { GET: Handler };
  let login: { POST: Handler };
  let logout: { POST: Handler };
  let kvItem: { PUT: Handler; GET: Handler };
  let tokens: { GET: Handler };
  let resetAuthConfig: () => void;

  function setUsers(users: Array<{ name: string; role: string; prefixes?: string[] }> | null) {
    if (users) process.env.CONSOLE_USERS = JSON.stringify(users.map((u) => ({ passwordHash: hash, ...u })));
    else delete process.env.CONSOLE_USERS;
    resetAuthConfig();
  }

  async function inProcessLogin(username: string, password = 'pw'): Promise<string> {
    const res = await login.POST(
      new Request(`${ORIGIN}/api/v1/auth/login`, {
        method: 'POST',
        headers: {
          host: 'console.test',
          origin: ORIGIN,
          'content-type': 'application/json',
          ...gateHeaders(),
        },
        body: JSON.stringify({ username, password }),
      }),
      routeContext(),
    );
    expect(res.status).toBe(200);
    return res.headers.get('set-cookie')!.split(';')[0]!;
  }

  async function whoAmI(cookie: string): Promise<Reply> {
    const res = await me.GET(
      new Request(`${ORIGIN}/api/v1/auth/me`, { headers: { cookie, ...gateHeaders() } }),
      routeContext(),
    );
    return { status: res.status, body: await res.json() };
  }

  beforeAll(async () => {
    etcd = await startTestEtcd();
    useConsoleEtcd(etcd.endpoints, { CONSOLE_SESSION_SECRET: SECRET, CONSOLE_SESSION_TTL_SECONDS: '600' });
    // Only the gate's own headers count in this file: a request without them skipped the front door.
    setUngatedTestPeer(null);
    ({ resetAuthConfig } = await import('@/lib/auth/auth-config'));
    setUsers(null);
    me = await import('@/app/api/v1/auth/me/route');
    login = await import('@/app/api/v1/auth/login/route');
    logout = await import('@/app/api/v1/auth/logout/route');
    kvItem = await import('@/app/api/v1/kv/item/route');
    tokens = await import('@/app/api/v1/tokens/route');
  });

  afterAll(async () => {
    setUngatedTestPeer('127.0.0.1');
    delete process.env.CONSOLE_USERS;
    delete process.env.CONSOLE_SESSION_SECRET;
    delete process.env.CONSOLE_SESSION_TTL_SECONDS;
    resetAuthConfig?.();
    resetConsoleClient();
    await etcd?.destroy();
  });

  describe('with login off, on a real socket', () => {
    let server: Awaited<ReturnType<typeof gatedServer>>;
    beforeAll(async () => {
      server = await gatedServer(
        { loginOff: true },
        {
          '/api/v1/auth/me': me.GET,
          '/api/v1/kv/item': (r, c) => (r.method === 'PUT' ? kvItem.PUT(r, c) : kvItem.GET(r, c)),
        },
      );
    });
    afterAll(() => server?.close());

    it('lets this machine in under a loopback name, whatever peer and gate headers it forges', async () => {
      const res = await server.send('GET', '/api/v1/auth/me', {
        'x-console-peer': '203.0.113.5',
        'x-console-gate': 'guessed',
        'x-forwarded-for': '203.0.113.5',
      });
      expect(res.status).toBe(200);
      expect(res.body.user).toMatchObject({ name: 'local', role: 'admin', via: 'local' });
      expect((await server.send('GET', '/api/v1/auth/me', { host: `localhost:${server.port}` })).status).toBe(
        200,
      );
    });

    it.each([
      ['a DNS-rebinding page', 'a.rebind.test'],
      ['a loopback name on another port', '127.0.0.1:1'],
      ['a name that only starts like loopback', '127.0.0.1.rebind.test'],
    ])('refuses %s before any handler runs', async (_what, host) => {
      const hostHeader = host.includes(':') ? host : `${host}:${server.port}`;
      const res = await server.send(
        'PUT',
        '/api/v1/kv/item',
        { host: hostHeader, origin: `http://${hostHeader}` },
        { key: '/rebind/owned', value: 'x', expectedModRevision: 0 },
      );
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({ code: 'forbidden' });
      expect(await etcd.client.get('/rebind/owned').string()).toBeNull();
    });

    it('gives a request that skipped the gate (`next start`) no actor, and says how to start the console', async () => {
      const res = await me.GET(new Request(`${ORIGIN}/api/v1/auth/me`), routeContext());
      expect(res.status).toBe(401);
      const put = await kvItem.PUT(
        new Request(`${ORIGIN}/api/v1/kv/item`, {
          method: 'PUT',
          headers: { host: 'console.test', origin: ORIGIN, 'content-type': 'application/json' },
          body: JSON.stringify({ key: '/ungated/k', value: 'x', expectedModRevision: 0 }),
        }),
        routeContext(),
      );
      expect(put.status).toBe(401);
      expect((await put.json()).error.message).toMatch(/npm run serve/);
      expect(await etcd.client.get('/ungated/k').string()).toBeNull();
    });

    it.each([
      ['a forged gate secret', { 'x-console-peer': '127.0.0.1', 'x-console-gate': 'not-the-secret' }],
      ['a peer that is not this machine', gateHeaders('198.51.100.7')],
    ])('gives %s no actor', async (_what, headers) => {
      const res = await me.GET(new Request(`${ORIGIN}/api/v1/auth/me`, { headers }), routeContext());
      expect(res.status).toBe(401);
    });

    it('decides the page actor the same way: nothing without the gate, the local admin through it', async () => {
      const { pageActor } = await import('@/lib/auth/page-actor');
      const noCookies = { get: () => undefined };
      const prefetch = new Headers({ 'next-router-prefetch': '1', rsc: '1' });
      expect(await pageActor(prefetch, noCookies)).toBeNull();
      expect(await pageActor(new Headers(gateHeaders()), noCookies)).toMatchObject({
        name: 'local',
        role: 'admin',
      });
    });
  });

  describe('the login rate limit counts the address the gate vouches for', () => {
    beforeAll(async () => {
      setUsers([
        { name: 'vera', role: 'viewer' },
        { name: 'ada', role: 'admin' },
      ]);
      process.env.LOGIN_MAX_FAILURES = '5';
      process.env.LOGIN_WINDOW_MS = '60000';
      (await import('@/lib/auth/rate-limit')).resetLoginLimits();
    });

    async function attempts(
      server: Awaited<ReturnType<typeof gatedServer>>,
      username: string,
      password: string,
      forwardedFor: (i: number) => string,
      count: number,
    ): Promise<number[]> {
      const statuses: number[] = [];
      for (let i = 0; i < count; i++) {
        const res = await server.send(
          'POST',
          '/api/v1/auth/login',
          { origin: `http://127.0.0.1:${server.port}`, 'x-forwarded-for': forwardedFor(i) },
          { username, password },
        );
        statuses.push(res.status);
      }
      return statuses;
    }

    it('ignores X-Forwarded-For from an untrusted peer: a new forged address per try still hits 429', async () => {
      const server = await gatedServer({ loginOff: false }, { '/api/v1/auth/login': login.POST });
      try {
        const statuses = await attempts(server, 'vera', 'wrong', (i) => `203.0.113.${i + 1}`, 8);
        expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
      } finally {
        await server.close();
      }
    });

    it('behind a trusted proxy, locks the attacker’s address out and lets the real user in from theirs', async () => {
      const server = await gatedServer(
        { loginOff: false, proxies: '127.0.0.1' },
        { '/api/v1/auth/login': login.POST },
      );
      try {
        const attacker = await attempts(server, 'ada', 'wrong', () => '203.0.113.66', 8);
        expect(attacker.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
        expect(attacker[5]).toBe(429);
        expect(await attempts(server, 'ada', 'pw', () => '203.0.113.66', 1)).toEqual([429]);
        expect(await attempts(server, 'ada', 'pw', () => '198.51.100.20', 1)).toEqual([200]);
      } finally {
        await server.close();
      }
    });
  });

  describe('pages decide who is asking themselves', () => {
    beforeAll(async () => {
      setUsers([{ name: 'vera', role: 'viewer' }]);
      (await import('@/lib/auth/rate-limit')).resetLoginLimits();
    });

    it.each([
      ['a prefetch', { 'next-router-prefetch': '1' }],
      ['an RSC fetch', { rsc: '1' }],
      [
        'a segment prefetch',
        { rsc: '1', 'next-router-state-tree': '%5B%22%22%5D', 'next-router-segment-prefetch': '/_tree' },
      ],
      ['a request through the gate', gateHeaders()],
    ])('no cookie, %s: no actor', async (_what, headers) => {
      const { pageActor } = await import('@/lib/auth/page-actor');
      expect(await pageActor(new Headers(headers), { get: () => undefined })).toBeNull();
    });

    it('the same session cookie gives the same actor as the API', async () => {
      const { pageActor } = await import('@/lib/auth/page-actor');
      const cookie = await inProcessLogin('vera');
      const value = cookie.split('=').slice(1).join('=');
      const actor = await pageActor(new Headers({ rsc: '1' }), { get: () => ({ value }) });
      expect(actor).toMatchObject({ name: 'vera', role: 'viewer', via: 'session' });
      expect(await pageActor(new Headers(), { get: () => ({ value: `${value}x` }) })).toBeNull();
    });

    it('sends a stranger to the login page with a same-origin `next` only', async () => {
      const { loginPath } = await import('@/lib/auth/page-actor');
      expect(loginPath('/keys?prefix=%2Fa')).toBe(`/login?next=${encodeURIComponent('/keys?prefix=%2Fa')}`);
      expect(loginPath('//evil.example')).toBe('/login?next=%2F');
      expect(loginPath(null)).toBe('/login?next=%2F');
    });
  });

  describe('sessions that end', () => {
    const everyone = [
      { name: 'vera', role: 'viewer' },
      { name: 'temp', role: 'operator' },
      { name: 'dora', role: 'admin' },
      { name: 'lou', role: 'operator' },
      { name: 'rita', role: 'viewer' },
    ];
    beforeAll(() => setUsers(everyone));
    afterAll(() => setUsers(everyone));

    it('a removed user is signed out on the next request', async () => {
      const cookie = await inProcessLogin('temp');
      expect((await whoAmI(cookie)).status).toBe(200);
      setUsers(everyone.filter((u) => u.name !== 'temp'));
      const res = await whoAmI(cookie);
      expect(res.status).toBe(401);
      setUsers(everyone);
    });

    it('a demoted user has the configured role on the next request, not the one in the cookie', async () => {
      const cookie = await inProcessLogin('dora');
      const listTokens = () =>
        tokens.GET(
          new Request(`${ORIGIN}/api/v1/tokens`, { headers: { cookie, ...gateHeaders() } }),
          routeContext(),
        );
      expect((await listTokens()).status).toBe(200);
      setUsers(everyone.map((u) => (u.name === 'dora' ? { ...u, role: 'viewer', prefixes: ['/dora/'] } : u)));
      expect((await whoAmI(cookie)).body.user).toMatchObject({
        name: 'dora',
        role: 'viewer',
        prefixes: ['/dora/'],
      });
      expect((await listTokens()).status).toBe(403);
      setUsers(everyone);
    });

    it('logout revokes the session in etcd, on a lease that ends with it; the same cookie is then refused', async () => {
      const cookie = await inProcessLogin('lou');
      expect((await whoAmI(cookie)).status).toBe(200);
      const out = await logout.POST(
        new Request(`${ORIGIN}/api/v1/auth/logout`, {
          method: 'POST',
          headers: { host: 'console.test', origin: ORIGIN, cookie, ...gateHeaders() },
        }),
        routeContext(),
      );
      expect(out.status).toBe(200);
      expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
      expect((await whoAmI(cookie)).status).toBe(401);

      const revoked = await etcd.client.getAll().prefix('/_console/sessions/revoked/').exec();
      expect(revoked.kvs).toHaveLength(1);
      const entry = revoked.kvs[0]!;
      expect(JSON.parse(entry.value.toString())).toMatchObject({ user: 'lou' });
      const ttl = await etcd.client.leaseClient.leaseTimeToLive({ ID: entry.lease });
      expect(Number(ttl.grantedTTL)).toBeGreaterThan(590);
      expect(Number(ttl.grantedTTL)).toBeLessThanOrEqual(600 + 30);

      // A replica that has never seen this session reads the revocation from etcd.
      (await import('@/lib/auth/session-revocation')).forgetSessionChecks();
      expect((await whoAmI(cookie)).status).toBe(401);
    });

    it("another replica's logout holds here within a second", async () => {
      const cookie = await inProcessLogin('rita');
      expect((await whoAmI(cookie)).status).toBe(200);
      const { openSession } = await import('@/lib/auth/session');
      const session = await openSession(
        cookie.split('=').slice(1).join('='),
        new TextEncoder().encode(SECRET),
      );
      await etcd.client.put(`/_console/sessions/revoked/${session!.jti}`).value('{"user":"rita"}');
      await new Promise((r) => setTimeout(r, 1100));
      expect((await whoAmI(cookie)).status).toBe(401);
    });

    it('refuses a cookie from before sessions had an id (it could never be revoked)', async () => {
      const { createHash } = await import('node:crypto');
      const key = new Uint8Array(createHash('sha256').update(SECRET).digest());
      const old = await new EncryptJWT({ user: 'vera', mode: 'console' })
        .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
        .setIssuedAt()
        .setExpirationTime('1h')
        .encrypt(key);
      expect((await whoAmI(`etcd_console_session=${old}`)).status).toBe(401);
    });
  });
});
