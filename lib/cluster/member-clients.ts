import 'server-only';
// One small etcd3 client per member client URL, so each member is asked about itself and a dead one fails alone.
import type { Etcd3 } from 'etcd3';
import { etcdConfig } from '../etcd/client';
import { connectEtcd } from '../etcd/connect';

/** A member that does not answer within this is reported unreachable. */
export const MEMBER_CALL_TIMEOUT_MS = 1000;

// Kept on globalThis so dev reloads reuse the connections instead of leaking them.
const holder = globalThis as typeof globalThis & { __etcdMemberClients?: Map<string, Etcd3> };

function cache(): Map<string, Etcd3> {
  holder.__etcdMemberClients ??= new Map();
  return holder.__etcdMemberClients;
}

/** The cache key carries the user name: the same URL under other credentials is another client. */
function cacheKey(url: string): string {
  return `${etcdConfig().username ?? ''}@${url}`;
}

/** The client that talks to the member at `url` alone. */
export function memberClient(url: string): Etcd3 {
  const key = cacheKey(url);
  const found = cache().get(key);
  if (found) return found;
  const config = etcdConfig();
  const client = connectEtcd({
    endpoints: [url],
    username: config.username,
    password: config.password,
    caFile: config.caFile,
    certFile: config.certFile,
    keyFile: config.keyFile,
    callTimeoutMs: MEMBER_CALL_TIMEOUT_MS,
  });
  cache().set(key, client);
  return client;
}

/** Closes the clients of members that are gone (or were dialled under other credentials). */
export function retainMemberClients(urls: Iterable<string>): void {
  const keep = new Set([...urls].map(cacheKey));
  for (const [key, client] of cache()) {
    if (keep.has(key)) continue;
    client.close();
    cache().delete(key);
  }
}

/** Closes every member client (tests, shutdown). */
export function closeMemberClients(): void {
  retainMemberClients([]);
}
