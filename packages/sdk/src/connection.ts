// How an SDK user reaches etcd: an existing etcd3 client, or endpoints; and the key prefix they share with the console.

import { type ConnectOptions, connectEtcd } from '@etcd-console/core/etcd';
import type { Etcd3, Namespace } from 'etcd3';

export type SdkConnection = {
  /** An etcd3 client you already hold; the SDK never closes it. */
  client?: Etcd3;
  /** Or endpoints (and credentials) for a client the SDK creates and closes. Defaults to ETCD_ENDPOINTS. */
  etcd?: Partial<ConnectOptions>;
  /** The root namespace shared with the console (its ETCD_PREFIX). Defaults to ETCD_PREFIX or ''. */
  prefix?: string;
};

export type SdkHandle = {
  client: Etcd3;
  /** The client scoped to the prefix. */
  kv: Namespace;
  prefix: string;
  /** Closes the client when the SDK created it. */
  release: () => void;
};

export function openConnection(options: SdkConnection): SdkHandle {
  const prefix = options.prefix ?? process.env.ETCD_PREFIX ?? '';
  if (options.client) {
    const client = options.client;
    return { client, kv: prefix ? client.namespace(prefix) : client, prefix, release: () => {} };
  }
  const endpoints =
    options.etcd?.endpoints ??
    (process.env.ETCD_ENDPOINTS ?? 'http://127.0.0.1:2379')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const client = connectEtcd({
    username: process.env.ETCD_USERNAME || undefined,
    password: process.env.ETCD_PASSWORD || undefined,
    caFile: process.env.ETCD_CA_FILE || undefined,
    certFile: process.env.ETCD_CERT_FILE || undefined,
    keyFile: process.env.ETCD_KEY_FILE || undefined,
    ...options.etcd,
    endpoints,
  });
  return { client, kv: prefix ? client.namespace(prefix) : client, prefix, release: () => client.close() };
}
