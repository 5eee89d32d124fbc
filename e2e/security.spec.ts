import bcrypt from 'bcryptjs';
import { startConsole } from '../scripts/lib/console-server.mjs';
import { freePort } from '../scripts/lib/free-port.mjs';
import { expect, test } from './fixtures';
import { KeysPage } from './pages/keys-page';
import { LoginPage } from './pages/login-page';

type Server = Awaited<ReturnType<typeof startConsole>>;

test.describe('login, roles and sessions (console login mode)', () => {
  let server: Server;

  test.beforeAll(async ({}, testInfo) => {
    testInfo.setTimeout(90_000);
    const hash = bcrypt.hashSync('s3cret-pw', 8);
    server = await startConsole({
      port: await freePort(),
      stdio: 'ignore',
      env: {
        ETCD_ENDPOINTS: process.env.E2E_ETCD_ENDPOINTS,
        CONSOLE_SESSION_SECRET: 'e2e-session-secret-that-is-long-enough-0123',
        CONSOLE_USERS: JSON.stringify([
          { name: 'vera', passwordHash: hash, role: 'viewer' },
          { name: 'otto', passwordHash: hash, role: 'operator' },
          { name: 'ada', passwordHash: hash, role: 'admin' },
        ]),
      },
    });
  });

  test.afterAll(async () => {
    await server?.stop();
  });

  const apiStatus = (page: import('@playwright/test').Page, url: string, method: string, body?: unknown) =>
    page.evaluate(
      async ({ url, method, body }) =>
        (
          await fetch(url, {
            method,
            headers: { 'content-type': 'application/json' },
            body: body === undefined ? undefined : JSON.stringify(body),
          })
        ).status,
      { url, method, body },
    );

  test('a viewer sees no edit controls and a forced write gets 403; logout ends the session', async ({
    page,
    etcdctl,
  }) => {
    await etcdctl('put', '/e2e/sec/k', 'v');
    await page.goto(`${server.url}/keys?prefix=/e2e/sec/&key=/e2e/sec/k`);
    await expect(page).toHaveURL(/\/login\?next=/);
    await new LoginPage(page).signInAs('vera', 's3cret-pw');
    const keys = new KeysPage(page);
    await keys.expectEditorToContain('v');
    await expect(page.getByTestId('save-key')).toHaveCount(0);
    await expect(page.getByTestId('delete-key')).toHaveCount(0);
    await expect(page.getByTestId('new-key')).toHaveCount(0);
    expect(
      await apiStatus(page, '/api/v1/kv/item', 'PUT', {
        key: '/e2e/sec/k',
        value: 'hacked',
        expectedModRevision: 0,
      }),
    ).toBe(403);
    expect(await etcdctl('get', '/e2e/sec/k', '--print-value-only')).toContain('v');

    await page.getByTestId('logout').click();
    await expect(page).toHaveURL(/\/login/);
    expect(await apiStatus(page, '/api/v1/auth/me', 'GET')).toBe(401);
    await page.goto(`${server.url}/keys`);
    await expect(page).toHaveURL(/\/login/);
  });

  test('an operator can edit keys but cannot run maintenance', async ({ page, etcdctl }) => {
    await etcdctl('put', '/e2e/sec/op', 'before');
    await page.goto(`${server.url}/login`);
    await new LoginPage(page).signInAs('otto', 's3cret-pw');
    await page.goto(`${server.url}/keys?prefix=/e2e/sec/&key=/e2e/sec/op`);
    const keys = new KeysPage(page);
    await keys.expectEditorToContain('before');
    await keys.setValue('after');
    await keys.saveButton.click();
    await expect(keys.saveStatus).toContainText('Saved');
    expect(await etcdctl('get', '/e2e/sec/op', '--print-value-only')).toContain('after');
    expect(await apiStatus(page, '/api/v1/cluster/defrag', 'POST', {})).toBe(403);
    expect(await apiStatus(page, '/api/v1/tokens', 'GET')).toBe(403);
  });

  test('an admin may do both; wrong passwords are refused', async ({ page }) => {
    await page.goto(`${server.url}/login`);
    const login = new LoginPage(page);
    await login.signIn('ada', 'wrong');
    await expect(page.getByTestId('login-error')).toContainText('Wrong user name or password');
    await login.signInAs('ada', 's3cret-pw');
    expect(await apiStatus(page, '/api/v1/tokens', 'GET')).toBe(200);
    const response = await page.request.get(`${server.url}/`);
    expect(response.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers()['content-security-policy']).not.toContain('unsafe-eval');
    expect(response.headers()['x-content-type-options']).toBe('nosniff');
  });
});
