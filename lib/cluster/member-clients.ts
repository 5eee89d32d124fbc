import 'server-only';
// One small etcd3 client per member client URL, so each member is asked about itself and a dead one fails alone.
import { createHash } from 'node:crypto';
import { connectEtcd } from '@etcd-console/core/etcd';
import type { Etcd3 } from 'etcd3';
import { currentActor } from '../auth/context';
import { etcdConfig, onEtcdClientReplaced } from '../etcd/client';

/** A member that does not answer within this is reported unreachable. */
export const MEMBER_CALL_TIMEOUT_MS = 1000;

// Kept on globalThis so dev reloads reuse the connections instead of leaking them.
const holder = globalThis as typeof globalThis & { __etcdMemberClients?: Map<string, Etcd3> };

function cache(): Map<string, Etcd3> {
  holder.__etcdMemberClients ??= new Map();
  return holder.__etcdMemberClients;
}

/** Past this many clients (members × etcd identities) the least recently made one is closed. */
const MAX_MEMBER_CLIENTS = 64;

/** In etcd login mode members are asked with the caller's own etcd credentials, else the console's. */
function credentials(): { username?: string; password?: string } {
  const own = currentActor()?.etcd;
  if (own) return own;
  const config = etcdConfig();
  return { username: config.username, password: config.password };
}

/** The cache key carries the identity: the same URL under other credentials is another client. */
function cacheKey(url: string, who: { username?: string; password?: string }): string {
  const secret = createHash('sha256')
    .update(who.password ?? '')
    .digest('hex')
    .slice(0, 16);
  return `${who.username ?? ''}:${secret}@${url}`;
}

function urlOf(key: string): string {
  return key.slice(key.indexOf('@') + 1);
}

/** The client that talks to the member at `url` alone. */
export function memberClient(url: string): Etcd3 {
  const who = credentials();
  const key = cacheKey(url, who);
  const found = cache().get(key);
  if (found) return found;
  const config = etcdConfig();
  if (cache().size >= MAX_MEMBER_CLIENTS) {
    const [oldest, stale] = cache().entries().next().value ?? [];
    if (oldest && stale) {
      stale.close();
      cache().delete(oldest);
    }
  }
  const client = connectEtcd({
    endpoints: [url],
    username: who.username,
    password: who.password,
    caFile: config.caFile,
    certFile: config.certFile,
    keyFile: config.keyFile,
    callTimeoutMs: MEMBER_CALL_TIMEOUT_MS,
  });
  cache().set(key, client);
  return client;
}

/** Closes the clients of members that are gone. */
export function retainMemberClients(urls: Iterable<string>): void {
  const keep = new Set(urls);
  for (const [key, client] of cache()) {
    if (keep.has(urlOf(key))) continue;
    client.close();
    cache().delete(key);
  }
}

/** Closes every member client (tests, shutdown). */
export function closeMemberClients(): void {
  retainMemberClients([]);
}

// Rotated TLS files: members are dialled afresh with the new certificates.
onEtcdClientReplaced(() => closeMemberClients());
