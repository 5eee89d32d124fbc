import 'server-only';
import { connectEtcd, readTlsMaterial, tlsFingerprint, usesTlsFiles } from '@etcd-console/core/etcd';
import type { Etcd3, Namespace } from 'etcd3';
import { z } from 'zod';
import { currentActor } from '../auth/context';
import { logger } from '../log/logger';
import { metrics } from '../metrics/registry';
import { clusterProfile, currentClusterName } from './cluster-context';
import type { EtcdConfig } from './config';
import { readEnv } from './env';
import { noteCallOutcome } from './tls-state';

type Held = { config: EtcdConfig; client: Etcd3; kv: Namespace; fingerprint: string | null };
type UserClient = { password: string; client: Etcd3; kv: Namespace; lastUsed: number };

// One client per cluster profile per process, kept on globalThis so dev reloads don't multiply gRPC streams.
const holder = globalThis as typeof globalThis & {
  __etcdClusters?: Map<string, Held>;
  __etcdUsers?: Map<string, UserClient>;
  __etcdRotation?: { timer: NodeJS.Timeout; listeners: Set<(cluster: string) => void>; refused: Set<string> };
};

/** How often the TLS files are looked at for a rotation (size, mtime, inode of each). */
const { ETCD_TLS_RELOAD_MS } = readEnv(
  z.object({ ETCD_TLS_RELOAD_MS: z.coerce.number().int().min(100).max(600_000).default(2000) }),
);
/** An old client stays open this long after a rotation, so calls already on it finish. */
const RETIRE_AFTER_MS = 30_000;

const MAX_USER_CLIENTS = 64;

function connect(
  config: EtcdConfig & { name?: string },
  credentials?: { username: string; password: string },
): Etcd3 {
  return connectEtcd({
    ...config,
    ...(credentials ?? {}),
    observeCall: (method, seconds, ok, details) => {
      metrics().etcdCallDuration.observe({ method, outcome: ok ? 'ok' : 'error' }, seconds);
      noteCallOutcome(config, ok, details);
    },
    observeKeysRead: (method, keys) => metrics().etcdKeysRead.inc({ method }, keys),
  });
}

function heldFor(name: string): Held {
  holder.__etcdClusters ??= new Map();
  let held = holder.__etcdClusters.get(name);
  if (!held) {
    const config = clusterProfile(name);
    const client = connect(config);
    const fingerprint = usesTlsFiles(config) ? tlsFingerprint(config) : null;
    held = { config, client, kv: config.prefix ? client.namespace(config.prefix) : client, fingerprint };
    holder.__etcdClusters.set(name, held);
    if (fingerprint !== null) rotation();
  }
  return held;
}

function rotation(): NonNullable<typeof holder.__etcdRotation> {
  if (!holder.__etcdRotation) {
    const timer = setInterval(checkRotation, ETCD_TLS_RELOAD_MS);
    timer.unref();
    holder.__etcdRotation = { timer, listeners: new Set(), refused: new Set() };
  }
  return holder.__etcdRotation;
}

/** Called with the cluster's name after its client was replaced by one with the rotated certificates. */
export function onEtcdClientReplaced(listener: (cluster: string) => void): void {
  rotation().listeners.add(listener);
}

/**
 * Certificate rotation without a restart: when a cluster's TLS files change and read back as a usable set (a
 * certificate half-written or not matching its key is waited out, logged once), the cluster gets a new client;
 * the old one is closed after RETIRE_AFTER_MS, listeners (the watch hub, member clients) move onto the new one.
 */
function checkRotation(): void {
  const state = rotation();
  for (const [name, h] of holder.__etcdClusters ?? []) {
    if (h.fingerprint === null) continue;
    const fingerprint = tlsFingerprint(h.config);
    if (fingerprint === h.fingerprint) continue;
    try {
      readTlsMaterial(h.config);
    } catch (error) {
      if (!state.refused.has(fingerprint)) {
        state.refused.add(fingerprint);
        logger.warn(
          { cluster: name },
          `TLS files changed but are not usable yet (${(error as Error).message}); keeping the current connection`,
        );
      }
      continue;
    }
    const client = connect(h.config);
    const old = h.client;
    holder.__etcdClusters?.set(name, {
      ...h,
      client,
      kv: h.config.prefix ? client.namespace(h.config.prefix) : client,
      fingerprint,
    });
    for (const [id, u] of holder.__etcdUsers ?? []) {
      if (!id.startsWith(`${name}\u0000`)) continue;
      holder.__etcdUsers?.delete(id);
      setTimeout(() => u.client.close(), RETIRE_AFTER_MS).unref();
    }
    for (const listener of state.listeners) listener(name);
    setTimeout(() => old.close(), RETIRE_AFTER_MS).unref();
    logger.info({ cluster: name }, 'TLS files changed: connected to etcd with the new certificates');
  }
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
