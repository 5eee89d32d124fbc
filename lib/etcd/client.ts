import 'server-only';
import type { Etcd3, Namespace } from 'etcd3';
import { metrics } from '../metrics/registry';
import { type EtcdConfig, readEtcdConfig } from './config';
import { connectEtcd } from './connect';

type Held = { config: EtcdConfig; client: Etcd3; kv: Namespace };

// One client per process, kept on globalThis so dev reloads don't multiply gRPC streams.
const holder = globalThis as typeof globalThis & { __etcdConsole?: Held };

function held(): Held {
  if (!holder.__etcdConsole) {
    const config = readEtcdConfig();
    const client = connectEtcd({
      ...config,
      observeCall: (method, seconds, ok) =>
        metrics().etcdCallDuration.observe({ method, outcome: ok ? 'ok' : 'error' }, seconds),
    });
    const kv = config.prefix ? client.namespace(config.prefix) : client;
    holder.__etcdConsole = { config, client, kv };
  }
  return holder.__etcdConsole;
}

/** The raw client: cluster, maintenance, auth and lease calls that ignore the console's prefix. */
export function etcdClient(): Etcd3 {
  return held().client;
}

/** The keyspace the console works in: ETCD_PREFIX applied to every key. */
export function etcdKv(): Namespace {
  return held().kv;
}

export function etcdConfig(): EtcdConfig {
  return held().config;
}
