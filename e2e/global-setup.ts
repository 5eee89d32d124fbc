// One real etcd and one production console for the whole e2e run; both stopped by PID at the end.
import type { FullConfig } from '@playwright/test';
import { startConsole } from '../scripts/lib/console-server.mjs';
import { startEtcd } from '../scripts/lib/etcd-server.mjs';
import { freePort } from '../scripts/lib/free-port.mjs';

export default async function globalSetup(_config: FullConfig) {
  const etcd = await startEtcd();
  const port = await freePort();
  const server = await startConsole({
    port,
    env: { ETCD_ENDPOINTS: etcd.endpoints.join(','), LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  process.env.E2E_BASE_URL = server.url;
  process.env.E2E_ETCD_ENDPOINTS = etcd.endpoints.join(',');
  process.env.E2E_CONSOLE_PORT = String(port);
  return async () => {
    await server.stop();
    await etcd.destroy();
  };
}
