import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startConsole } from '../scripts/lib/console-server.mjs';
import { type EtcdCluster, startEtcd } from '../scripts/lib/etcd-server.mjs';
import { freePort } from '../scripts/lib/free-port.mjs';
import { expect, test } from './fixtures';

const run = promisify(execFile);

test('switching between two configured clusters changes what the Keys page shows', async ({
  page,
  etcdctl,
  etcdEndpoints,
}) => {
  test.setTimeout(90_000);
  const second: EtcdCluster = await startEtcd();
  const server = await startConsole({
    port: await freePort(),
    stdio: 'ignore',
    env: {
      CONSOLE_CLUSTERS: JSON.stringify([
        { name: 'staging', label: 'Staging', endpoints: etcdEndpoints.split(',') },
        { name: 'prod', label: 'Production', endpoints: second.endpoints },
      ]),
    },
  });
  try {
    await etcdctl('put', '/multi/only-in-staging', 's');
    await run('etcdctl', [`--endpoints=${second.endpoints.join(',')}`, 'put', '/multi/only-in-prod', 'p'], {
      env: { ...process.env, ETCDCTL_API: '3' },
    });

    await page.goto(`${server.url}/keys?prefix=/multi/`);
    const list = page.getByTestId('key-list');
    await expect(list).toContainText('/multi/only-in-staging');
    await expect(list).not.toContainText('/multi/only-in-prod');
    await expect(page.getByTestId('cluster-endpoints')).toContainText(etcdEndpoints.split(',')[0]!);

    await page.getByTestId('cluster-switch').selectOption('prod');
    await expect(list).toContainText('/multi/only-in-prod');
    await expect(list).not.toContainText('/multi/only-in-staging');
    await expect(page.getByTestId('cluster-endpoints')).toContainText(second.endpoints[0]!);

    // Live updates follow the selected cluster.
    await run('etcdctl', [`--endpoints=${second.endpoints.join(',')}`, 'put', '/multi/later-in-prod', 'p'], {
      env: { ...process.env, ETCDCTL_API: '3' },
    });
    await expect(list).toContainText('/multi/later-in-prod');
  } finally {
    await server.stop();
    await second.destroy();
  }
});
