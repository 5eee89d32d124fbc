import { startConsole } from '../scripts/lib/console-server.mjs';
import { freePort } from '../scripts/lib/free-port.mjs';
import { expect, test } from './fixtures';
import { WatchPageObject } from './pages/watch-page';

test.describe('Watch page', () => {
  test('shows changes made with etcdctl as they happen, with the previous value', async ({
    page,
    etcdctl,
  }) => {
    const watch = new WatchPageObject(page);
    await watch.watchPrefix('/e2e/watch/');
    await expect(watch.state).toHaveAttribute('data-state', 'live');
    await etcdctl('put', '/e2e/watch/a', 'first');
    await etcdctl('put', '/e2e/watch/a', 'second');
    await etcdctl('del', '/e2e/watch/a');
    await expect(watch.rows).toHaveCount(3);
    await expect(watch.rows.nth(0)).toContainText('delete');
    await expect(watch.rows.nth(1)).toContainText('first');
    await expect(watch.rows.nth(1)).toContainText('second');
  });

  test('replays history from a revision', async ({ page, etcdctl }) => {
    const first = JSON.parse(await etcdctl('put', '/e2e/replay/x', '1', '-w', 'json')).header
      .revision as number;
    await etcdctl('put', '/e2e/replay/x', '2');
    await page.goto(`/watch?prefix=/e2e/replay/&from=${first}`);
    const watch = new WatchPageObject(page);
    await expect(watch.rows).toHaveCount(2);
    await expect(watch.rows.last()).toHaveAttribute('data-revision', String(first));
  });

  test('keeps working across a console restart: resumes from Last-Event-ID with nothing missed or repeated', async ({
    page,
    etcdctl,
    etcdEndpoints,
  }) => {
    const port = await freePort();
    const env = { ETCD_ENDPOINTS: etcdEndpoints, LOG_LEVEL: 'warn' };
    let server = await startConsole({ port, env, stdio: 'ignore' });
    try {
      const watch = new WatchPageObject(page);
      await watch.watchPrefix('/e2e/restart/', server.url);
      await expect(watch.state).toHaveAttribute('data-state', 'live');
      await etcdctl('put', '/e2e/restart/before', '1');
      await expect(watch.rowFor('/e2e/restart/before')).toHaveCount(1);

      await server.stop();
      await etcdctl('put', '/e2e/restart/while-down', '2');
      server = await startConsole({ port, env, stdio: 'ignore' });

      await expect(watch.rowFor('/e2e/restart/while-down')).toHaveCount(1, { timeout: 20_000 });
      await etcdctl('put', '/e2e/restart/after', '3');
      await expect(watch.rowFor('/e2e/restart/after')).toHaveCount(1);
      await expect(watch.rows).toHaveCount(3);

      // The Keys page on the restarted console is live too.
      await page.goto(`${server.url}/keys?prefix=/e2e/restart/`);
      await expect(page.getByTestId('key-list')).toContainText('/e2e/restart/after');
      await etcdctl('put', '/e2e/restart/later', '4');
      await expect(page.getByTestId('key-list')).toContainText('/e2e/restart/later');
    } finally {
      await server.stop();
    }
  });
});
