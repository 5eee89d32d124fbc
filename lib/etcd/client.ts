import 'server-only';
import type { Etcd3, Namespace } from 'etcd3';
import { currentActor } from '../auth/context';
import { metrics } from '../metrics/registry';
import { clusterProfile, currentClusterName } from './cluster-context';
import type { EtcdConfig } from './config';
import { connectEtcd } from './connect';

type Held = { config: EtcdConfig; client: Etcd3; kv: Namespace };
type UserClient = { password: string; client: Etcd3; kv: Namespace; lastUsed: number };

// One client per cluster profile per process, kept on globalThis so dev reloads don't multiply gRPC streams.
const holder = globalThis as typeof globalThis & {
  __etcdClusters?: Map<string, Held>;
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

function heldFor(name: string): Held {
  holder.__etcdClusters ??= new Map();
  let held = holder.__etcdClusters.get(name);
  if (!held) {
    const config = clusterProfile(name);
    const client = connect(config);
    held = { config, client, kv: config.prefix ? client.namespace(config.prefix) : client };
    holder.__etcdClusters.set(name, held);
  }
  return held;
}

function held(): Held {
  return heldFor(currentClusterName());
}

/** In etcd login mode, each user's calls go through a client with their own credentials (etcd RBAC applies). */
function userClient(username: string, password: string, cluster = currentClusterName()): UserClient {
  holder.__etcdUsers ??= new Map();
  const clients = holder.__etcdUsers;
  const id = `${cluster}\u0000${username}`;
  const existing = clients.get(id);
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
  const { config } = heldFor(cluster);
  const client = connect(config, { username, password });
  const entry = {
    password,
    client,
    kv: config.prefix ? client.namespace(config.prefix) : client,
    lastUsed: Date.now(),
  };
  clients.set(id, entry);
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

/** The console's own client for the current cluster, whoever is asking: tokens, audit, shared watches. */
export function etcdSystemClient(): Etcd3 {
  return held().client;
}

export function etcdSystemKv(): Namespace {
  return held().kv;
}

export type EtcdIdentity = { username: string; password: string };

/** The keyspace of a named cluster as seen by an etcd identity (etcd login mode), else by the console itself. */
export function etcdKvFor(cluster: string, identity?: EtcdIdentity): Namespace {
  return identity ? userClient(identity.username, identity.password, cluster).kv : heldFor(cluster).kv;
}

/** A namespace with a watch stream of its own (etcd3 keeps one per namespace), as the identity or the console. */
export function etcdFreshKvFor(cluster: string, identity?: EtcdIdentity): Namespace {
  const { config } = heldFor(cluster);
  const client = identity
    ? userClient(identity.username, identity.password, cluster).client
    : heldFor(cluster).client;
  return client.namespace(config.prefix);
}

export function etcdConfig(): EtcdConfig {
  return held().config;
}

/** Closes every client (tests, shutdown). */
export function closeEtcdClients(): void {
  for (const h of holder.__etcdClusters?.values() ?? []) h.client.close();
  for (const u of holder.__etcdUsers?.values() ?? []) u.client.close();
  delete holder.__etcdClusters;
  delete holder.__etcdUsers;
}
