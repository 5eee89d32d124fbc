// A user scoped to one prefix, in Chromium against the production server: every page shows only that prefix,
// a forced API call outside it gets 403, and requests that skip the proxy (prefetch, RSC) get no page.
import { execFile } from 'node:child_process';
import http from 'node:http';
import { promisify } from 'node:util';
import bcrypt from 'bcryptjs';
import { startConsole } from '../scripts/lib/console-server.mjs';
import { startEtcd } from '../scripts/lib/etcd-server.mjs';
import { freePort } from '../scripts/lib/free-port.mjs';
import { expect, test } from './fixtures';
import { KeysPage } from './pages/keys-page';
import { LoginPage } from './pages/login-page';

type Server = Awaited<ReturnType<typeof startConsole>>;

const run = promisify(execFile);

const SCOPE = '/e2e/scoped-pay/';
/** In every key, value, service, group and task outside the scope. */
const OUTSIDE = 'zq8';

/** A raw HTTP request, so Host and the Next.js router headers are exactly what we say. */
function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

test.describe('a user scoped to one prefix (console login mode)', () => {
  let server: Server;

  test.beforeAll(async ({ etcdctl }, testInfo) => {
    testInfo.setTimeout(90_000);
    await etcdctl('put', `${SCOPE}limits.json`, '{"max": 10}');
    await etcdctl('put', `/e2e/${OUTSIDE}-secret/db-password`, `${OUTSIDE}-hunter2`);
    await etcdctl('put', `/services/${OUTSIDE}svc/i1`, '10.8.8.8:8080');
    await etcdctl('put', `/workers/${OUTSIDE}group/${OUTSIDE}w`, '{}');
    await etcdctl('put', `/tasks/${OUTSIDE}task`, '{}');
    // An election outside the scope, as etcd's concurrency recipe writes it: <name>/<lease hex> on the session lease.
    const granted = await etcdctl('lease', 'grant', '120');
    const lease = /lease ([0-9a-f]+) granted/.exec(granted)?.[1]?.replace(/^0+/, '');
    if (!lease) throw new Error(`unexpected etcdctl output: ${granted}`);
    await etcdctl('put', `--lease=${lease}`, `/election/${OUTSIDE}-leader/${lease}`, `${OUTSIDE}-node-1`);
    // And one inside it, which the scoped user does see.
    await etcdctl('put', `--lease=${lease}`, `${SCOPE}leader/${lease}`, 'pay-node-1');
    const hash = bcrypt.hashSync('s3cret-pw', 8);
    server = await startConsole({
      port: await freePort(),
      stdio: 'ignore',
      env: {
        ETCD_ENDPOINTS: process.env.E2E_ETCD_ENDPOINTS,
        CONSOLE_SESSION_SECRET: 'e2e-scoped-session-secret-long-enough-0123',
        CONSOLE_USERS: JSON.stringify([
          { name: 'pia', passwordHash: hash, role: 'operator', prefixes: [SCOPE] },
        ]),
      },
    });
  });

  test.afterAll(async () => {
    await server?.stop();
  });

  test('every page shows only the scope; a forced call outside it is refused', async ({ page, etcdctl }) => {
    await page.goto(`${server.url}/keys`);
    await new LoginPage(page).signInAs('pia', 's3cret-pw');
    const keys = new KeysPage(page);
    // This spec's own server, not the fixture's login-off one.
    await page.goto(`${server.url}/keys?prefix=${SCOPE}`);
    await expect(keys.treeNode(`${SCOPE}limits.json`)).toBeVisible();
    await page.goto(`${server.url}/keys?prefix=/`);
    await expect(keys.tree).toContainText('e2e');
    await expect(page.locator('body')).not.toContainText(OUTSIDE);

    await page.getByTestId('search-input').fill(OUTSIDE);
    await page.getByTestId('search-input').press('Enter');
    // The scan over everything the user may read has ended, and found nothing outside the scope.
    await expect(page.getByTestId('search-progress')).toHaveAttribute('data-state', 'done', {
      timeout: 15_000,
    });
    await expect(page.locator('body')).not.toContainText(`${OUTSIDE}-secret`);

    const pages = [
      '/watch?prefix=/&from=1',
      '/audit',
      '/services',
      '/workers',
      '/leases',
      '/',
      '/coordination',
    ];
    pages.push('/services/layouts', '/changesets', '/webhooks', '/cluster');
    for (const path of pages) {
      await page.goto(`${server.url}${path}`);
      await page.waitForLoadState('networkidle');
      await expect(page.locator('body'), path).not.toContainText(OUTSIDE);
    }
    // The same page does show what is inside the scope: the election's holder.
    await page.goto(`${server.url}/coordination`);
    await expect(page.locator('body')).toContainText('pay-node-1');
    await page.goto(`${server.url}/watch?prefix=/e2e/&from=1`);
    await expect(page.locator('body')).toContainText('limits.json');
    await expect(page.locator('body')).not.toContainText(OUTSIDE);

    const forced = await page.evaluate(async (key) => {
      const read = await fetch(`/api/v1/kv/item?key=${encodeURIComponent(key)}`);
      const write = await fetch('/api/v1/kv/item', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ key, value: 'hacked' }),
      });
      return [read.status, write.status];
    }, `/e2e/${OUTSIDE}-secret/db-password`);
    expect(forced).toEqual([403, 403]);
    expect(await etcdctl('get', `/e2e/${OUTSIDE}-secret/db-password`, '--print-value-only')).toContain(
      'hunter2',
    );
  });

  test('a request that skips the proxy with prefetch or RSC headers gets no page', async () => {
    const variants: Array<Record<string, string>> = [
      { 'next-router-prefetch': '1' },
      { rsc: '1' },
      { rsc: '1', 'next-router-prefetch': '1', 'next-router-segment-prefetch': '/_tree' },
    ];
    for (const headers of variants) {
      for (const path of ['/', '/keys', '/services', '/audit', '/coordination']) {
        const res = await rawRequest(`${server.url}${path}`, { headers });
        expect(res.body, `${path} ${JSON.stringify(headers)}`).not.toContain(OUTSIDE);
        expect(res.body).not.toContain('limits.json');
        // Either a redirect to the login page, or a page that renders nothing but the way to it.
        if (res.status === 200) expect(res.body).not.toContain('data-testid="key-tree"');
        else expect([302, 303, 307, 308, 401, 403]).toContain(res.status);
      }
    }
  });
});

test('login off: a write with a rebinding Host is refused before any handler runs', async ({ etcdctl }) => {
  const base = process.env.E2E_BASE_URL!;
  const port = new URL(base).port;
  const res = await rawRequest(`${base}/api/v1/kv/item`, {
    method: 'PUT',
    headers: {
      host: `a.rebind.test:${port}`,
      origin: `http://a.rebind.test:${port}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ key: '/e2e/rebind/k', value: 'pwned' }),
  });
  expect(res.status).toBe(403);
  expect(await etcdctl('get', '/e2e/rebind/k', '--print-value-only')).toBe('');
  const own = await rawRequest(`${base}/api/v1/kv/item?key=/e2e/rebind/k`, {
    headers: { host: `127.0.0.1:${port}` },
  });
  expect(own.status).toBe(404);
});

test.describe('etcd login mode: a user whose etcd role reads /alice/ only', () => {
  let etcd: Awaited<ReturnType<typeof startEtcd>>;
  let server: Server;
  const ctl = (...args: string[]) =>
    run('etcdctl', [`--endpoints=${etcd.endpoints.join(',')}`, ...args], {
      env: { ...process.env, ETCDCTL_API: '3' },
    }).then((r) => r.stdout);

  test.beforeAll(async ({}, testInfo) => {
    testInfo.setTimeout(90_000);
    etcd = await startEtcd();
    await ctl('put', '/alice/cfg.json', '{"alice": true}');
    await ctl('put', `/${OUTSIDE}bob/secret`, `${OUTSIDE}-bob-secret`);
    await ctl('user', 'add', 'root:root-pw');
    await ctl('user', 'grant-role', 'root', 'root');
    await ctl('role', 'add', 'alice-read');
    await ctl('role', 'grant-permission', 'alice-read', '--prefix=true', 'read', '/alice/');
    await ctl('user', 'add', 'alice:alice-pw');
    await ctl('user', 'grant-role', 'alice', 'alice-read');
    await ctl('auth', 'enable');
    server = await startConsole({
      port: await freePort(),
      stdio: 'ignore',
      env: {
        ETCD_ENDPOINTS: etcd.endpoints.join(','),
        ETCD_USERNAME: 'root',
        ETCD_PASSWORD: 'root-pw',
        CONSOLE_AUTH: 'etcd',
        CONSOLE_SESSION_SECRET: 'e2e-etcd-mode-session-secret-long-enough-01',
      },
    });
  });

  test.afterAll(async () => {
    await server?.stop();
    await etcd?.destroy();
  });

  test('the pages show what her etcd role reads and nothing else', async ({ page }) => {
    await page.goto(`${server.url}/keys`);
    await new LoginPage(page).signInAs('alice', 'alice-pw');
    await page.goto(`${server.url}/keys?prefix=/`);
    await expect(page.getByTestId('key-tree')).toContainText('alice');
    for (const path of ['/keys?prefix=/', '/watch?prefix=/&from=1', '/', '/services', '/leases']) {
      await page.goto(`${server.url}${path}`);
      await page.waitForLoadState('networkidle');
      await expect(page.locator('body'), path).not.toContainText(OUTSIDE);
    }
    await page.goto(`${server.url}/keys?prefix=/alice/&key=/alice/cfg.json`);
    await expect(page.locator('body')).toContainText('cfg.json');
  });
});
