// Change sets in Chromium against the production server, console login on (four eyes needs two people): stage two
// edits from the key editor, see the diff, a conflict after an etcdctl put, rebase, approval by another user,
// publish; then a canary to one of two real subscriber processes, acknowledged on the page, and aborted.
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import bcrypt from 'bcryptjs';
import { startConsole } from '../scripts/lib/console-server.mjs';
import { freePort } from '../scripts/lib/free-port.mjs';
import { expect, test } from './fixtures';
import { ChangeSetPage } from './pages/changesets-page';
import { KeysPage } from './pages/keys-page';
import { LoginPage } from './pages/login-page';

type Server = Awaited<ReturnType<typeof startConsole>>;

const DIR = '/e2e/cs/';
const CANARY_DIR = '/e2e/cs-canary/';
const POLICY_KEY = '/_console/changesets-policy';
const PASSWORD = 'cs-e2e-pw';

async function signedIn(browser: Browser, server: Server, name: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${server.url}/changesets`);
  await new LoginPage(page).signInAs(name, PASSWORD);
  return page;
}

/** Opens a key in the editor, types a new value and stages it into `set` (a new set's title, or an existing one). */
async function stage(
  page: Page,
  server: Server,
  key: string,
  value: string,
  set: { title: string; current: string; existing?: boolean },
) {
  const keys = new KeysPage(page);
  await page.goto(`${server.url}/keys?prefix=${DIR}&key=${encodeURIComponent(key)}`);
  await keys.expectEditorToContain(set.current);
  await keys.setValue(value);
  await page.getByTestId('stage-key').click();
  const dialog = page.getByTestId('stage-dialog');
  if (set.existing) {
    const target = dialog.getByTestId('stage-target');
    await expect(target.locator('option', { hasText: set.title })).toHaveCount(1);
    await target.selectOption({ label: `${set.title} (1)` });
  } else await dialog.getByTestId('stage-title').fill(set.title);
  await dialog.getByTestId('stage-confirm').click();
  await expect(page.getByTestId('staged-link')).toContainText(set.title);
}

test.describe('change sets (console login mode)', () => {
  let server: Server;

  test.beforeAll(async ({ etcdctl }, testInfo) => {
    testInfo.setTimeout(90_000);
    await etcdctl('put', `${DIR}limits.json`, '{"max": 10}');
    await etcdctl('put', `${DIR}flag`, 'off');
    await etcdctl('put', `${CANARY_DIR}flag`, 'off');
    await etcdctl('put', POLICY_KEY, JSON.stringify({ rules: [{ prefix: DIR, approvals: 1 }] }));
    const hash = bcrypt.hashSync(PASSWORD, 8);
    server = await startConsole({
      port: await freePort(),
      stdio: 'ignore',
      env: {
        ETCD_ENDPOINTS: process.env.E2E_ETCD_ENDPOINTS,
        CONSOLE_SESSION_SECRET: 'e2e-changesets-session-secret-long-enough-01',
        CONSOLE_USERS: JSON.stringify([
          { name: 'alice', passwordHash: hash, role: 'operator' },
          { name: 'bob', passwordHash: hash, role: 'operator' },
        ]),
      },
    });
  });

  test.afterAll(async ({ etcdctl }) => {
    await etcdctl('del', POLICY_KEY);
    await server?.stop();
  });

  test('stage two edits, see the diff, conflict, rebase, approval by another user, publish', async ({
    browser,
    etcdctl,
  }) => {
    test.setTimeout(120_000);
    const alice = await signedIn(browser, server, 'alice');
    await stage(alice, server, `${DIR}limits.json`, '{"max": 20}', {
      title: 'Raise the limit',
      current: '"max": 10',
    });
    await stage(alice, server, `${DIR}flag`, 'on', {
      title: 'Raise the limit',
      current: 'off',
      existing: true,
    });
    await alice.getByTestId('staged-link').click();

    const set = new ChangeSetPage(alice);
    await expect(set.edits).toHaveCount(2);
    await expect(set.edit(`${DIR}limits.json`).getByTestId('diff-current-proposed')).toContainText(
      '"max": 20',
    );
    await expect(set.edit(`${DIR}flag`).getByTestId('diff-current-proposed')).toContainText('off');
    // Four eyes: the author cannot approve, and publishing waits for someone else's approval.
    await expect(set.verdictBlocked).toContainText('someone else');
    await expect(set.approve).toBeDisabled();
    await expect(set.publish).toBeDisabled();
    await expect(set.blockers).toContainText('approval');

    // Someone changes a staged key behind the set's back: the page flags it, rebase takes the new base.
    await etcdctl('put', `${DIR}flag`, 'changed-elsewhere');
    await expect(set.edit(`${DIR}flag`).getByTestId('edit-conflict')).toBeVisible();
    await expect(set.edit(`${DIR}flag`).getByTestId('diff-base-current')).toContainText('changed-elsewhere');
    await set.rebase.click();
    await expect(set.edit(`${DIR}flag`).getByTestId('edit-conflict')).toHaveCount(0);

    // Bob approves with a comment.
    const bob = await signedIn(browser, server, 'bob');
    await bob.goto(alice.url());
    const bobsView = new ChangeSetPage(bob);
    await bobsView.comment.fill('limits checked');
    await bobsView.approve.click();
    await expect(bob.getByTestId('verdict-approved')).toContainText('bob');

    // Alice publishes: both keys at one revision.
    await expect(set.publish).toBeEnabled({ timeout: 15_000 });
    await set.publish.click();
    await expect(set.state).toHaveText('published');
    await expect(alice.getByTestId('published-revisions')).toBeVisible();
    expect((await etcdctl('get', '--print-value-only', `${DIR}flag`)).trim()).toBe('on');
    expect((await etcdctl('get', '--print-value-only', `${DIR}limits.json`)).trim()).toBe('{"max": 20}');
  });

  test('a canary to one of two subscriber instances is acknowledged on the page, then aborted', async ({
    browser,
    etcdctl,
    etcdEndpoints,
  }) => {
    test.setTimeout(120_000);
    const children = ['c1', 'c2'].map((instance) =>
      spawn(process.execPath, ['--import', 'tsx', path.resolve('test/fixtures/subscriber-app.ts')], {
        env: {
          ...process.env,
          ETCD_ENDPOINTS: etcdEndpoints,
          ETCD_PREFIX: '',
          SUB_PREFIX: CANARY_DIR,
          SUB_APP: 'cs-e2e',
          SUB_INSTANCE: instance,
        },
        stdio: 'ignore',
      }),
    );
    try {
      const alice = await signedIn(browser, server, 'alice');
      const created = await alice.request.post(`${server.url}/api/v1/changesets`, {
        data: { title: 'Canary the flag', edits: [{ key: `${CANARY_DIR}flag`, value: 'on' }] },
        headers: { origin: server.url },
      });
      expect(created.status()).toBe(201);
      const { id } = (await created.json()) as { id: string };
      await alice.goto(`${server.url}/changesets/${id}`);
      const set = new ChangeSetPage(alice);
      const candidate = alice.locator('[data-testid="canary-candidate"][data-instance="cs-e2e/c1"]');
      await expect(candidate).toBeVisible({ timeout: 30_000 });
      await candidate.check();
      await alice.getByTestId('canary-start').click();
      await expect(set.state).toHaveText('canary');
      await expect(set.canaryInstance('cs-e2e/c1')).toHaveAttribute('data-acknowledged', 'yes', {
        timeout: 20_000,
      });
      await expect(alice.getByTestId('canary-age')).toBeVisible();
      expect((await etcdctl('get', '--print-value-only', `${CANARY_DIR}flag`)).trim()).toBe('off');
      await alice.getByTestId('canary-abort').click();
      await expect(set.state).toHaveText('aborted');
      await expect(alice.getByTestId('canary-outcome')).toBeVisible();
    } finally {
      for (const child of children) child.kill('SIGTERM');
    }
  });
});
