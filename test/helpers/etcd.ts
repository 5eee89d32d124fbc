// The one way tests get a real etcd: started on free loopback ports in a temp dir, destroyed afterwards.
// With `tls`, a mutual-TLS etcd (client and peer URLs) on certificates made for it (scripts/lib/tls-certs.mjs).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { connectEtcd } from '@etcd-console/core/etcd';
import type { Etcd3 } from 'etcd3';
import { type EtcdCluster, type EtcdTls, startEtcd } from '@/scripts/lib/etcd-server.mjs';
import { makeEtcdCerts } from '@/scripts/lib/tls-certs.mjs';

const run = promisify(execFile);

/** The console's side of a TLS etcd: the variables it would be started with. */
export type TlsClientFiles = { caFile: string; certFile: string; keyFile: string };

export type TestEtcd = EtcdCluster & {
  client: Etcd3;
  etcdctl: (...args: string[]) => Promise<string>;
  /** For a TLS etcd: the CA and the client certificate a console presents. */
  clientTls?: TlsClientFiles;
};

/** Certificates for a TLS test etcd in a temp dir: etcd's own, and a client's. */
export function makeTestCerts(dir = fs.mkdtempSync(path.join(os.tmpdir(), 'etcd-console-tls-'))): {
  etcd: EtcdTls;
  client: TlsClientFiles;
  dir: string;
} {
  const certs = makeEtcdCerts(dir);
  const client = { caFile: certs.ca.cert, certFile: certs.client.cert, keyFile: certs.client.key };
  return {
    dir,
    client,
    etcd: {
      caFile: certs.ca.cert,
      certFile: certs.server.cert,
      keyFile: certs.server.key,
      client: { certFile: certs.client.cert, keyFile: certs.client.key },
    },
  };
}

export async function startTestEtcd(
  options: { members?: number; extraArgs?: string[]; tls?: true | EtcdTls } = {},
): Promise<TestEtcd> {
  const tls = options.tls === true ? makeTestCerts().etcd : options.tls;
  const cluster = await startEtcd({ members: options.members, extraArgs: options.extraArgs, tls });
  const clientTls = tls
    ? { caFile: tls.caFile, certFile: tls.client.certFile, keyFile: tls.client.keyFile }
    : undefined;
  const client = connectEtcd({ endpoints: cluster.endpoints, callTimeoutMs: 5000, ...clientTls });
  await waitUntilServing(client);
  const tlsFlags = clientTls
    ? [`--cacert=${clientTls.caFile}`, `--cert=${clientTls.certFile}`, `--key=${clientTls.keyFile}`]
    : [];
  const etcdctl = async (...args: string[]) => {
    const { stdout } = await run(
      'etcdctl',
      [`--endpoints=${cluster.endpoints.join(',')}`, ...tlsFlags, ...args],
      {
        env: { ...process.env, ETCDCTL_API: '3' },
      },
    );
    return stdout;
  };
  const destroy = async () => {
    client.close();
    await cluster.destroy();
  };
  return { ...cluster, client, etcdctl, destroy, clientTls };
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
