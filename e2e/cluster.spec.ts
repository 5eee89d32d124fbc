// The cluster and lease pages against their own real 3-member etcd cluster and console, stopped by PID at the end.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startConsole } from '../scripts/lib/console-server.mjs';
import { startEtcd } from '../scripts/lib/etcd-server.mjs';
import { freePort } from '../scripts/lib/free-port.mjs';
import { expect, test } from './fixtures';
import { ClusterPage } from './pages/cluster-page';
import { LeasesPage } from './pages/leases-page';

const run = promisify(execFile);

type Cluster = Awaited<ReturnType<typeof startEtcd>>;
type Server = Awaited<ReturnType<typeof startConsole>>;

test.describe('Cluster and leases on a 3-member cluster', () => {
  test.describe.configure({ mode: 'serial' });

  let cluster: Cluster;
  let server: Server;
  const etcdctl = async (...args: string[]) => {
    const { stdout } = await run('etcdctl', [`--endpoints=${cluster.endpoints.join(',')}`, ...args], {
      env: { ...process.env, ETCDCTL_API: '3' },
    });
    return stdout;
  };

  test.beforeAll(async ({}, testInfo) => {
    testInfo.setTimeout(120_000);
    cluster = await startEtcd({ members: 3 });
    server = await startConsole({
      port: await freePort(),
      stdio: 'ignore',
      env: { ETCD_ENDPOINTS: cluster.endpoints.join(','), LOG_LEVEL: 'warn' },
    });
  });

  test.afterAll(async () => {
    await server?.stop();
    await cluster?.destroy();
  });

  test('three members; a SIGKILLed follower turns red without a reload, and green once started again', async ({
    page,
  }) => {
    test.setTimeout(90_000);
    const view = new ClusterPage(page, server.url);
    await view.goto();
    await expect(view.cards).toHaveCount(3);
    for (const m of cluster.members) {
      await expect(view.member(m.name)).toHaveAttribute('data-state', 'up', { timeout: 20_000 });
    }
    await expect(view.leaderCard).toHaveCount(1, { timeout: 20_000 });
    const leader = await view.leaderName();
    const follower = cluster.members.find((m) => m.name !== leader);
    if (!follower) throw new Error('no follower');

    // A marker on the document proves nothing below reloads the page.
    await page.evaluate(() => {
      (window as unknown as { noReload?: boolean }).noReload = true;
    });

    await follower.stop('SIGKILL');
    await expect(view.member(follower.name)).toHaveAttribute('data-state', 'down', { timeout: 10_000 });
    await expect(view.memberError(follower.name)).toBeVisible();
    await expect(view.memberError(follower.name)).not.toHaveText('');
    await expect(page.getByTestId('cluster-members')).toContainText('2 / 3');
    for (const m of cluster.members.filter((x) => x !== follower)) {
      await expect(view.member(m.name)).toHaveAttribute('data-state', 'up');
    }

    await follower.start();
    await expect(view.member(follower.name)).toHaveAttribute('data-state', 'up', { timeout: 20_000 });
    await expect(view.memberError(follower.name)).toHaveCount(0);
    await expect(page.getByTestId('cluster-members')).toContainText('3 / 3');
    expect(await page.evaluate(() => (window as unknown as { noReload?: boolean }).noReload)).toBe(true);
  });

  test('a lease granted with etcdctl shows its keys; revoking it in the UI deletes them', async ({
    page,
  }) => {
    const granted = await etcdctl('lease', 'grant', '60');
    // etcdctl pads the hex ID to 16 digits; the console prints it without leading zeros.
    const hex = /lease ([0-9a-f]+) granted/.exec(granted)?.[1]?.replace(/^0+/, '');
    if (!hex) throw new Error(`unexpected etcdctl output: ${granted}`);
    const markup = '/e2e/lease/<img src=x onerror="document.title=\'pwned\'">';
    await etcdctl('put', `--lease=${hex}`, '/e2e/lease/a', 'one');
    await etcdctl('put', `--lease=${hex}`, markup, 'two');

    const leases = new LeasesPage(page, server.url);
    await leases.goto();
    await expect(leases.row(hex)).toContainText('/e2e/lease/a');
    await expect(leases.row(hex).getByTestId('lease-key-count')).toHaveText('2');

    // The detail lists every key, linked to the Keys page, markup shown as text.
    await leases.open(hex);
    await expect(page).toHaveURL(/\/leases\?lease=\d+/);
    const keys = leases.detail.getByTestId('lease-key');
    await expect(keys).toHaveCount(2);
    await expect(keys.filter({ hasText: '/e2e/lease/a' })).toHaveAttribute(
      'href',
      '/keys?key=%2Fe2e%2Flease%2Fa',
    );
    await expect(keys.filter({ hasText: markup })).toHaveCount(1);
    expect(await page.locator('img[src="x"]').count()).toBe(0);

    // Keep-alive once: renewed to the granted TTL.
    await leases.detail.getByTestId('lease-keepalive').click();
    await expect(leases.detail.getByTestId('lease-renewal')).toContainText('60');

    // Revoke: the confirmation names the keys that will vanish; afterwards etcd has neither.
    await leases.askToRevoke();
    await expect(leases.revokeDialog.getByTestId('revoke-keys')).toContainText('/e2e/lease/a');
    await expect(leases.revokeDialog.getByTestId('revoke-keys')).toContainText(markup);
    await leases.confirmRevoke();
    await expect(leases.revokeDialog).toBeHidden();
    await expect(leases.row(hex)).toHaveCount(0);
    expect(await etcdctl('get', '/e2e/lease/', '--prefix', '--keys-only')).toBe('');
    expect(await page.title()).not.toBe('pwned');
  });
});
