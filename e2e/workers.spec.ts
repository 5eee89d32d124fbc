import bcrypt from 'bcryptjs';
import { startConsole } from '../scripts/lib/console-server.mjs';
import { freePort } from '../scripts/lib/free-port.mjs';
import { expect, test } from './fixtures';
import { LoginPage } from './pages/login-page';
import { WorkersPageObject } from './pages/workers-page';
import { type PushWorker, spawnPushWorker } from './support/push-workers';

test.describe('Workers & Commands page', () => {
  let workers: PushWorker[] = [];

  test.beforeAll(async () => {
    const endpoints = process.env.E2E_ETCD_ENDPOINTS ?? '';
    workers = ['push-e2e-1', 'push-e2e-2'].map((id) => spawnPushWorker(id, endpoints));
    await Promise.all(workers.map((w) => w.ready));
  });

  // Hydration mismatches and uncaught errors show up in the console; none is expected on these pages.
  let pageErrors: string[] = [];
  test.beforeEach(({ page }) => {
    pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      // The console has no favicon yet; that 404 is not this page's.
      if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico'))
        pageErrors.push(`${m.text()} ${m.location().url}`);
    });
  });
  test.afterEach(() => {
    expect(pageErrors).toEqual([]);
  });

  test.afterAll(async () => {
    // Stopped by PID: SIGTERM, then SIGKILL if a worker does not exit.
    await Promise.all(workers.map((w) => w.stop()));
  });

  test('shows both workers live and follows a pushed command to done without a reload', async ({ page }) => {
    const ui = new WorkersPageObject(page);
    await ui.goto();
    await expect(ui.workerCard('push-e2e-1')).toBeVisible();
    await expect(ui.workerCard('push-e2e-2')).toBeVisible();
    await expect(ui.workerCard('push-e2e-1').getByTestId('worker-ttl')).toBeVisible();
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });

    const { id, listeners } = await ui.push({
      group: 'push',
      type: 'push',
      payload: '{"steps": 10, "stepMs": 600}',
    });
    expect(listeners).toBe(2);
    await expect(ui.warning).toBeHidden();

    // Running, with a bar somewhere between the ends, shown on the worker's card too.
    const row = ui.commandRow(id);
    await expect(row).toHaveAttribute('data-state', 'running');
    await expect.poll(() => ui.percentOf(id)).toBeGreaterThan(0);
    const early = await ui.percentOf(id);
    expect(early).toBeLessThan(100);
    await expect(page.locator(`[data-testid="worker-run"][data-command="${id}"]`)).toBeVisible();
    await expect.poll(() => ui.percentOf(id)).toBeGreaterThan(early);

    // Done: full bar, succeeded, a duration; the page was never reloaded.
    await expect(row).toHaveAttribute('data-state', 'succeeded', { timeout: 20_000 });
    await expect(ui.runBar(id)).toHaveAttribute('data-percent', '100');
    await expect(row.getByTestId('command-duration')).toHaveText(/\d/);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(
      true,
    );
    const runs = workers.flatMap((w) => w.lines).filter((l) => l.event === 'run' && l.commandId === id);
    expect(runs).toHaveLength(1);
  });

  test('cancels a long command from the UI: the handler sees ctx.signal abort', async ({ page }) => {
    const ui = new WorkersPageObject(page);
    await ui.goto();
    await expect(ui.workerCard('push-e2e-1')).toBeVisible();
    const { id } = await ui.push({ group: 'push', type: 'push', payload: '{"steps": 200, "stepMs": 500}' });
    const row = ui.commandRow(id);
    await expect(row).toHaveAttribute('data-state', 'running');
    await expect.poll(() => ui.percentOf(id)).toBeGreaterThan(0);

    // A dismissed dialog changes nothing; a confirmed one cancels.
    await row.getByTestId('cancel-command').click();
    await expect(ui.dialog).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(ui.dialog).toBeHidden();
    await expect(row).toHaveAttribute('data-state', 'running');
    await ui.confirmAction(id, 'cancel');
    await expect(row).toHaveAttribute('data-state', 'cancelled');

    await expect
      .poll(() => workers.flatMap((w) => w.lines).find((l) => l.event === 'aborted' && l.commandId === id))
      .toMatchObject({ reason: 'cancelled' });

    // The detail page tells the story: claimed, cancel requested, cancelled.
    await row.getByTestId('command-link').click();
    await expect(page).toHaveURL(new RegExp(`/workers/commands/${id}$`));
    await expect(ui.detail.getByTestId('command-state')).toHaveAttribute('data-state', 'cancelled');
    await expect(ui.detail.getByTestId('run-row')).toHaveAttribute('data-state', 'cancelled');
    const timeline = ui.detail.getByTestId('timeline-event');
    await expect(timeline.and(page.locator('[data-type="created"]'))).toHaveCount(1);
    await expect(timeline.and(page.locator('[data-type="claimed"]'))).toHaveCount(1);
    await expect(timeline.and(page.locator('[data-type="cancel-requested"]'))).toHaveCount(1);
    await expect(timeline.and(page.locator('[data-type="cancelled"]'))).toHaveCount(1);
  });

  test('warns when nobody in the group is listening, blocks invalid JSON, and retries a cancelled command', async ({
    page,
  }) => {
    const ui = new WorkersPageObject(page);
    await ui.goto();
    await expect(ui.workerCard('push-e2e-1')).toBeVisible();

    // Before sending: the form already knows (from GET /api/v1/workers) that no one would run it.
    await ui.fill({ group: 'e2e-nobody', type: 'push', payload: '{"steps": 1}' });
    await expect(ui.warning).toBeVisible();
    await expect(ui.warning).toContainText('e2e-nobody');
    // A known group whose workers do not handle the type warns too; the live group alone does not.
    await ui.type.fill('no-such-type');
    await ui.group.fill('push');
    await expect(ui.warning).toBeVisible();
    await ui.type.fill('push');
    await expect(ui.warning).toBeHidden();

    // Invalid JSON never leaves the browser.
    await ui.fill({ group: 'e2e-nobody', type: 'push', payload: '{"steps": }' });
    await ui.submit.click();
    await expect(ui.error).toContainText('line 1');
    await expect(ui.result).toBeHidden();

    // After sending: the answer's listeners: 0 is said out loud, and the command waits in the queue.
    const { id, listeners } = await ui.push({ group: 'e2e-nobody', type: 'push', payload: '{"steps": 1}' });
    expect(listeners).toBe(0);
    await expect(ui.result).toContainText('nobody is listening');
    await expect(ui.commandRow(id)).toHaveAttribute('data-state', 'queued');

    // Filters: by group, then by a state it is not in.
    await page.getByTestId('filter-group').selectOption('e2e-nobody');
    await expect(page.getByTestId('command-row')).toHaveCount(1);
    await page.getByTestId('filter-state').selectOption('succeeded');
    await expect(page.getByTestId('commands-empty')).toBeVisible();
    await page.getByTestId('filter-state').selectOption('');

    // Cancel the queued command, then retry it as a new one.
    await ui.confirmAction(id, 'cancel');
    await expect(ui.commandRow(id)).toHaveAttribute('data-state', 'cancelled');
    await ui.confirmAction(id, 'retry');
    const notice = page.getByTestId('retried-notice');
    await expect(notice).toBeVisible();
    const retryId = ((await notice.getByRole('link').textContent()) ?? '').trim();
    expect(retryId).not.toBe(id);
    await expect(ui.commandRow(retryId)).toHaveAttribute('data-state', 'queued');
    await expect(ui.commandRow(retryId)).toContainText(`retry of ${id}`);
    await ui.confirmAction(retryId, 'cancel');
    await expect(ui.commandRow(retryId)).toHaveAttribute('data-state', 'cancelled');
  });
});

test.describe('Workers & Commands page for a viewer (console login mode)', () => {
  let server: Awaited<ReturnType<typeof startConsole>>;

  test.beforeAll(async ({}, testInfo) => {
    testInfo.setTimeout(90_000);
    server = await startConsole({
      port: await freePort(),
      stdio: 'ignore',
      env: {
        ETCD_ENDPOINTS: process.env.E2E_ETCD_ENDPOINTS,
        CONSOLE_SESSION_SECRET: 'e2e-session-secret-that-is-long-enough-0123',
        CONSOLE_USERS: JSON.stringify([
          { name: 'vera', passwordHash: bcrypt.hashSync('s3cret-pw', 8), role: 'viewer' },
        ]),
      },
    });
  });

  test.afterAll(async () => {
    await server?.stop();
  });

  test('follows commands but gets no push form, cancel or retry', async ({ page, request }) => {
    // A queued command (nobody serves this group), sent through the open console of the other tests.
    const sent = await request.post('/api/v1/commands', {
      data: { group: 'e2e-viewer', type: 'push', mode: 'any' },
    });
    expect(sent.status()).toBe(201);
    const { id } = (await sent.json()) as { id: string };

    await page.goto(`${server.url}/workers`);
    await new LoginPage(page).signIn('vera', 's3cret-pw');
    await expect(page).toHaveURL(/\/workers$/);
    const ui = new WorkersPageObject(page);
    await expect(ui.commandRow(id)).toHaveAttribute('data-state', 'queued');
    await expect(page.getByTestId('push-read-only')).toBeVisible();
    await expect(ui.pushForm).toHaveCount(0);
    await expect(page.getByTestId('cancel-command')).toHaveCount(0);
    await expect(page.getByTestId('retry-command')).toHaveCount(0);
    await ui.commandRow(id).getByTestId('command-link').click();
    await expect(ui.detail).toHaveAttribute('data-id', id);
    await expect(ui.detail.getByTestId('command-state')).toHaveAttribute('data-state', 'queued');
    await expect(page.getByTestId('cancel-command')).toHaveCount(0);
    expect((await request.post(`/api/v1/commands/${id}/cancel`)).status()).toBe(200);
  });
});
