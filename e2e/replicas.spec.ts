// Two console replicas behind nginx running deploy/nginx.conf (only ports, addresses and paths replaced), in
// Chromium over HTTPS/2: the replica serving the Watch page's live stream is SIGKILLed, the page carries on on the
// other one and shows each of the next 100 changes exactly once (resumed by Last-Event-ID), the session holds there,
// and a logout on one replica is refused on the other.
import bcrypt from 'bcryptjs';
import { Etcd3 } from 'etcd3';
import { startConsole } from '../scripts/lib/console-server.mjs';
import { freePort } from '../scripts/lib/free-port.mjs';
import { expect, test } from './fixtures';
import { LoginPage } from './pages/login-page';
import { WatchPageObject } from './pages/watch-page';
import { type Nginx, startNginx } from './support/nginx';

type Server = Awaited<ReturnType<typeof startConsole>>;
type Replica = { name: 'A' | 'B'; port: number; server: Server | null; url: string };

const USER = 'rita';
const PASSWORD = 'replicas-pw-1';
const SESSION_COOKIE = 'etcd_console_session';
const CHANGES = 100;

const replicaEnv = () => ({
  ETCD_ENDPOINTS: process.env.E2E_ETCD_ENDPOINTS,
  LOG_LEVEL: 'warn',
  // What every replica behind the shipped config needs: login on, one session secret, nginx trusted.
  CONSOLE_USERS: JSON.stringify([{ name: USER, passwordHash: bcrypt.hashSync(PASSWORD, 8), role: 'viewer' }]),
  CONSOLE_SESSION_SECRET: 'e2e-replicas-session-secret-shared-by-both-0123',
  CONSOLE_TRUSTED_PROXIES: '127.0.0.1',
});

/** Each change's value names its key: `/…/a/007` holds `value-007`. */
const valueFor = (key: string) => `value-${key.slice(-3)}`;

async function startReplica(replica: Replica, env: Record<string, string | undefined>): Promise<void> {
  replica.server = await startConsole({ port: replica.port, env, stdio: 'ignore' });
}

/** A replica asked directly (not through nginx), with a session cookie. */
function direct(replica: Replica, cookie: string, pathname: string, init: RequestInit = {}) {
  return fetch(`${replica.url}${pathname}`, {
    ...init,
    headers: { cookie: `${SESSION_COOKIE}=${cookie}` },
    signal: AbortSignal.timeout(5000),
  });
}

/** Open SSE streams on one replica, from its own metrics. */
async function sseStreams(replica: Replica, cookie: string): Promise<number> {
  const res = await direct(replica, cookie, '/api/v1/metrics');
  expect(res.status).toBe(200);
  const match = /^etcd_console_sse_streams (\d+)/m.exec(await res.text());
  return Number(match?.[1] ?? Number.NaN);
}

async function streamsPerReplica(replicas: Replica[], cookie: string): Promise<number[]> {
  return Promise.all(replicas.map((r) => sseStreams(r, cookie)));
}

test.describe.configure({ mode: 'serial' });
test.use({ ignoreHTTPSErrors: true });

test.describe('two replicas behind nginx (deploy/nginx.conf)', () => {
  let nginx: Nginx;
  let env: Record<string, string | undefined>;
  const replicas: Replica[] = [];

  test.beforeAll(async ({}, testInfo) => {
    testInfo.setTimeout(120_000);
    env = replicaEnv();
    for (const name of ['A', 'B'] as const) {
      const port = await freePort();
      replicas.push({ name, port, server: null, url: `http://127.0.0.1:${port}` });
    }
    await Promise.all(replicas.map((r) => startReplica(r, env)));
    nginx = await startNginx(replicas.map((r) => `127.0.0.1:${r.port}`));
  });

  test.afterAll(async () => {
    await nginx?.stop();
    await Promise.all(replicas.map((r) => r.server?.stop()));
  });

  async function signIn(page: import('@playwright/test').Page): Promise<string> {
    await page.goto(`${nginx.url}/keys`);
    await new LoginPage(page).signInAs(USER, PASSWORD);
    const cookie = (await page.context().cookies(nginx.url)).find((c) => c.name === SESSION_COOKIE);
    expect(cookie, 'the session cookie').toBeDefined();
    // nginx's X-Forwarded-Proto: https is believed because 127.0.0.1 is a trusted proxy.
    expect(cookie?.secure).toBe(true);
    return cookie?.value ?? '';
  }

  test('the replica serving the live page dies: the next 100 changes arrive exactly once, the session holds', async ({
    page,
  }, testInfo) => {
    testInfo.setTimeout(120_000);
    const prefix = `/e2e/replicas/${Date.now()}/`;
    const cookie = await signIn(page);
    const watch = new WatchPageObject(page);
    await page.goto(`${nginx.url}/watch`);
    await expect(page.getByTestId('live-indicator')).toHaveAttribute('data-state', 'live');
    // The header's live stream is open; the Watch page's own stream will be the one more.
    await expect
      .poll(async () => (await streamsPerReplica(replicas, cookie)).reduce((a, b) => a + b))
      .toBe(1);
    const before = await streamsPerReplica(replicas, cookie);
    await watch.target.fill(prefix);
    await watch.start.click();
    await expect(watch.state).toHaveAttribute('data-state', 'live');
    await expect
      .poll(async () => (await streamsPerReplica(replicas, cookie)).reduce((a, b) => a + b))
      .toBe(2);
    const after = await streamsPerReplica(replicas, cookie);
    const serving = replicas[after.findIndex((n, i) => n > (before[i] ?? 0))];
    const survivor = replicas.find((r) => r !== serving);
    if (!serving?.server || !survivor) throw new Error(`no replica gained the stream: ${before} -> ${after}`);
    testInfo.annotations.push({
      type: 'streams',
      description: `A,B before ${before}, after ${after}; killing ${serving.name}`,
    });

    const etcd = new Etcd3({ hosts: (process.env.E2E_ETCD_ENDPOINTS ?? '').split(',') });
    try {
      await etcd.put(`${prefix}before`).value('0');
      await expect(watch.rowFor(`${prefix}before`)).toHaveCount(1);

      serving.server.child.kill('SIGKILL');
      await new Promise<void>((resolve) => serving.server?.child.once('exit', () => resolve()));
      serving.server = null;
      // Half under a/, half under b/: each half fits the 50 rows the page keeps in the document.
      const keys = Array.from({ length: CHANGES }, (_, i) => {
        const n = String(i).padStart(3, '0');
        return `${prefix}${i < CHANGES / 2 ? 'a' : 'b'}/${n}`;
      });
      for (const key of keys) await etcd.put(key).value(valueFor(key));

      await expect(page.getByText(`${CHANGES + 1} events`, { exact: true })).toBeVisible({ timeout: 20_000 });
      await expect(watch.state).toHaveAttribute('data-state', 'live');
      for (const half of ['a', 'b']) {
        await page.getByTestId('watch-filter').fill(`${prefix}${half}/`);
        await expect(watch.rows).toHaveCount(CHANGES / 2);
        await expect(page.getByTestId('watch-rows-shown')).toHaveCount(0);
        const rows = await watch.rows.evaluateAll((els) =>
          els.map((el) => ({ revision: el.getAttribute('data-revision'), text: el.textContent ?? '' })),
        );
        const expected = keys.filter((k) => k.startsWith(`${prefix}${half}/`));
        const shownKeys = rows.map((r) => expected.find((k) => r.text.includes(k)));
        expect(new Set(shownKeys).size, 'distinct keys').toBe(CHANGES / 2);
        expect(shownKeys.every(Boolean), 'every row is one of the keys put').toBe(true);
        expect(new Set(rows.map((r) => r.revision)).size, 'distinct revisions').toBe(CHANGES / 2);
        for (const key of expected) {
          expect(rows.find((r) => r.text.includes(key))?.text, key).toContain(valueFor(key));
        }
      }
      await page.getByTestId('watch-filter').fill('');
      // Nothing arrives twice later either.
      await page.waitForTimeout(1500);
      await expect(page.getByText(`${CHANGES + 1} events`, { exact: true })).toBeVisible();
    } finally {
      etcd.close();
    }

    // The page's streams now live on the survivor, and the session is valid there: API calls and pages work.
    await expect(page.getByTestId('live-indicator')).toHaveAttribute('data-state', 'live');
    await expect.poll(() => sseStreams(survivor, cookie), { timeout: 15_000 }).toBe(2);
    for (let i = 0; i < 4; i++) {
      const me = await page.request.get(`${nginx.url}/api/v1/auth/me`);
      expect(me.status()).toBe(200);
      expect((await me.json()).user.name).toBe(USER);
    }
    await page.goto(`${nginx.url}/keys?prefix=${prefix}`);
    await expect(page.getByTestId('current-user')).toContainText(USER);
    await expect(page.getByTestId('key-list')).toContainText(`${prefix}a/000`);
  });

  test('a logout on one replica is refused on the other', async ({ page }, testInfo) => {
    testInfo.setTimeout(120_000);
    // The replica killed above comes back on its port; nginx takes it in again after fail_timeout.
    await Promise.all(replicas.filter((r) => !r.server).map((r) => startReplica(r, env)));
    const [a, b] = replicas as [Replica, Replica];
    const cookie = await signIn(page);
    // The same cookie is valid on each replica, asked directly.
    for (const replica of replicas) {
      expect((await direct(replica, cookie, '/api/v1/auth/me')).status, replica.name).toBe(200);
    }

    const logout = await direct(a, cookie, '/api/v1/auth/logout', { method: 'POST' });
    expect(logout.status).toBe(200);
    expect((await direct(a, cookie, '/api/v1/auth/me')).status).toBe(401);
    // B cached "not revoked" a moment ago; the logout holds there within a second (lib/auth/session-revocation.ts).
    await expect
      .poll(async () => (await direct(b, cookie, '/api/v1/auth/me')).status, { timeout: 5_000 })
      .toBe(401);
    expect((await direct(b, cookie, '/api/v1/metrics')).status).toBe(401);

    // The browser still holds the cookie; through nginx, whichever replica answers, it gets the login page.
    await page.goto(`${nginx.url}/keys`);
    await expect(page.getByTestId('login-username')).toBeVisible();
    expect((await page.request.get(`${nginx.url}/api/v1/auth/me`)).status()).toBe(401);
  });
});
