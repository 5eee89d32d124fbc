// Typed fixtures: the console's URL, the real etcd behind it, and etcdctl against it.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { test as base } from '@playwright/test';

const run = promisify(execFile);

export type Etcdctl = (...args: string[]) => Promise<string>;

export const test = base.extend<{ etcdctl: Etcdctl; etcdEndpoints: string }>({
  baseURL: async ({}, use) => {
    await use(process.env.E2E_BASE_URL);
  },
  etcdEndpoints: async ({}, use) => {
    await use(process.env.E2E_ETCD_ENDPOINTS ?? '');
  },
  etcdctl: async ({ etcdEndpoints }, use) => {
    await use(async (...args: string[]) => {
      const { stdout } = await run('etcdctl', [`--endpoints=${etcdEndpoints}`, ...args], {
        env: { ...process.env, ETCDCTL_API: '3' },
      });
      return stdout;
    });
  },
});

export { expect } from '@playwright/test';
