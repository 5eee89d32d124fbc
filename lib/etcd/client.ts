import 'server-only';
import type { Etcd3, Namespace } from 'etcd3';
import { currentActor } from '../auth/context';
import { metrics } from '../metrics/registry';
import { type EtcdConfig, readEtcdConfig } from './config';
import { connectEtcd } from './connect';

type Held = { config: EtcdConfig; client: Etcd3; kv: Namespace };
type UserClient = { password: string; client: Etcd3; kv: Namespace; lastUsed: number };

// One client per process, kept on globalThis so dev reloads don't multiply gRPC streams.
const holder = globalThis as typeof globalThis & {
  __etcdConsole?: Held;
  __etcdUsers?: Map<string, UserClient>;
};

const MAX_USER_CLIENTS = 64;

function connect(config: EtcdConfig, credentials?: { username: string; password: string }): Etcd3 {
  return connectEtcd({
    ...config,
    ...(credentials ?? {}),
    observeCall: (method, seconds, ok) =>
      metrics().etcdCallDuration.observe({ method, outcome: ok ? 'ok' : 'error' }, seconds),
  });
}

function held(): Held {
  if (!holder.__etcdConsole) {
    const config = readEtcdConfig();
    const client = connect(config);
    const kv = config.prefix ? client.namespace(config.prefix) : client;
    holder.__etcdConsole = { config, client, kv };
  }
  return holder.__etcdConsole;
}

/** In etcd login mode, each user's calls go through a client with their own credentials (etcd RBAC applies). */
function userClient(username: string, password: string): UserClient {
  holder.__etcdUsers ??= new Map();
  const clients = holder.__etcdUsers;
  const existing = clients.get(username);
  if (existing && existing.password === password) {
    existing.lastUsed = Date.now();
    return existing;
  }
  existing?.client.close();
  if (clients.size >= MAX_USER_CLIENTS) {
    const oldest = [...clients.entries()].sort((a, b) => a[1].lastUsed - b[1].lastUsed)[0];
    if (oldest) {
      oldest[1].client.close();
      clients.delete(oldest[0]);
    }
  }
  const { config } = held();
  const client = connect(config, { username, password });
  const entry = {
    password,
    client,
    kv: config.prefix ? client.namespace(config.prefix) : client,
    lastUsed: Date.now(),
  };
  clients.set(username, entry);
  return entry;
}

/** The raw client for the current request: cluster, maintenance, auth and lease calls that ignore the prefix. */
export function etcdClient(): Etcd3 {
  const etcd = currentActor()?.etcd;
  return etcd ? userClient(etcd.username, etcd.password).client : held().client;
}

/** The keyspace the console works in, for the current request: ETCD_PREFIX applied to every key. */
export function etcdKv(): Namespace {
  const etcd = currentActor()?.etcd;
  return etcd ? userClient(etcd.username, etcd.password).kv : held().kv;
}

/** The console's own client, whoever is asking: tokens, sessions checks, shared watches. */
export function etcdSystemClient(): Etcd3 {
  return held().client;
}

export function etcdSystemKv(): Namespace {
  return held().kv;
}

export function etcdConfig(): EtcdConfig {
  return held().config;
}
