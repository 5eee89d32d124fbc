// The console in Chromium against a 3-member etcd with mutual TLS (client-cert auth on client and peer URLs):
// keys edited and followed live, members dialled at their https URLs, a service registered by the SDK over TLS;
// and a console given the wrong CA says "etcd TLS error" in its header instead of "unreachable".
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { registerInstance } from '@etcd-console/sdk/registry';
import { startConsole } from '../scripts/lib/console-server.mjs';
import { startEtcd } from '../scripts/lib/etcd-server.mjs';
import { freePort } from '../scripts/lib/free-port.mjs';
import { makeCa, makeEtcdCerts } from '../scripts/lib/tls-certs.mjs';
import { expect, test } from './fixtures';
import { ClusterPage } from './pages/cluster-page';

const run = promisify(execFile);
type Cluster = Awaited<ReturnType<typeof startEtcd>>;
type Server = Awaited<ReturnType<typeof startConsole>>;

test.describe('a console on etcd with mutual TLS', () => {
  test.describe.configure({ mode: 'serial' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'etcd-console-e2e-tls-'));
  const certs = makeEtcdCerts(dir);
  const clientEnv = {
    ETCD_CA_FILE: certs.ca.cert,
    ETCD_CERT_FILE: certs.client.cert,
    ETCD_KEY_FILE: certs.client.key,
  };
  let cluster: Cluster;
  let server: Server;
  const etcdctl = async (...args: string[]) => {
    const { stdout } = await run(
      'etcdctl',
      [
        `--endpoints=${cluster.endpoints.join(',')}`,
        `--cacert=${certs.ca.cert}`,
        `--cert=${certs.client.cert}`,
        `--key=${certs.client.key}`,
        ...args,
      ],
      { env: { ...process.env, ETCDCTL_API: '3' } },
    );
    return stdout;
  };

  test.beforeAll(async ({}, testInfo) => {
    testInfo.setTimeout(120_000);
    cluster = await startEtcd({
      members: 3,
      tls: {
        caFile: certs.ca.cert,
        certFile: certs.server.cert,
        keyFile: certs.server.key,
        client: { certFile: certs.client.cert, keyFile: certs.client.key },
      },
    });
    server = await startConsole({
      port: await freePort(),
      stdio: 'ignore',
      env: { ETCD_ENDPOINTS: cluster.endpoints.join(','), LOG_LEVEL: 'warn', ...clientEnv },
    });
  });

  test.afterAll(async () => {
    await server?.stop();
    await cluster?.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('keys are listed and followed live, members answer at https URLs, an SDK service shows up', async ({
    page,
  }) => {
    test.setTimeout(90_000);
    expect(cluster.endpoints.every((e) => e.startsWith('https://'))).toBe(true);
    await etcdctl('put', '/tls-e2e/a', 'one');
    await page.goto(`${server.url}/keys?prefix=/tls-e2e/`);
    await expect(page.getByTestId('health-badge')).toHaveAttribute('data-state', 'up');
    await expect(page.getByTestId('key-list')).toContainText('/tls-e2e/a');
    await etcdctl('put', '/tls-e2e/b', 'two');
    await expect(page.getByTestId('key-list')).toContainText('/tls-e2e/b');

    const view = new ClusterPage(page, server.url);
    await view.goto();
    await expect(view.cards).toHaveCount(3);
    for (const m of cluster.members) {
      await expect(view.member(m.name)).toHaveAttribute('data-state', 'up', { timeout: 20_000 });
    }

    const instance = await registerInstance({
      service: 'tls-e2e-api',
      id: 'i1',
      address: '127.0.0.1',
      port: 9443,
      ttl: 10,
      handleSignals: false,
      etcd: {
        endpoints: cluster.endpoints,
        caFile: certs.ca.cert,
        certFile: certs.client.cert,
        keyFile: certs.client.key,
      },
    });
    try {
      await page.goto(`${server.url}/services`);
      await expect(page.getByText('tls-e2e-api')).toBeVisible({ timeout: 15_000 });
    } finally {
      await instance.close();
    }
  });

  test('with the wrong CA the header says "etcd TLS error", not "unreachable"', async ({ page }) => {
    test.setTimeout(60_000);
    const other = makeCa(dir, 'other-ca');
    const misconfigured = await startConsole({
      port: await freePort(),
      stdio: 'ignore',
      env: {
        ETCD_ENDPOINTS: cluster.endpoints.join(','),
        LOG_LEVEL: 'warn',
        ...clientEnv,
        ETCD_CA_FILE: other.cert,
      },
    });
    try {
      await page.goto(`${misconfigured.url}/keys`);
      const badge = page.getByTestId('health-badge');
      await expect(badge).toHaveAttribute('data-reason', 'tls', { timeout: 20_000 });
      await expect(badge).toHaveText(/etcd TLS error/);
      await expect(badge).toHaveAttribute('title', /ETCD_CA_FILE/);
    } finally {
      await misconfigured.stop();
    }
  });
});
