// The one way tests get a real etcd: started on free loopback ports in a temp dir, destroyed afterwards.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Etcd3 } from 'etcd3';
import { connectEtcd } from '@/lib/etcd/connect';
import { type EtcdCluster, startEtcd } from '@/scripts/lib/etcd-server.mjs';

const run = promisify(execFile);

export type TestEtcd = EtcdCluster & { client: Etcd3; etcdctl: (...args: string[]) => Promise<string> };

export async function startTestEtcd(
  options: { members?: number; extraArgs?: string[] } = {},
): Promise<TestEtcd> {
  const cluster = await startEtcd(options);
  const client = connectEtcd({ endpoints: cluster.endpoints, callTimeoutMs: 5000 });
  await waitUntilServing(client);
  const etcdctl = async (...args: string[]) => {
    const { stdout } = await run('etcdctl', [`--endpoints=${cluster.endpoints.join(',')}`, ...args], {
      env: { ...process.env, ETCDCTL_API: '3' },
    });
    return stdout;
  };
  const destroy = async () => {
    client.close();
    await cluster.destroy();
  };
  return { ...cluster, client, etcdctl, destroy };
}

/** Waits until a put goes through: the cluster has a leader and accepts writes. */
export async function waitUntilServing(client: Etcd3, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      await client.get('__probe__').string();
      return;
    } catch (error) {
      last = error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`etcd did not start serving: ${String(last)}`);
}
