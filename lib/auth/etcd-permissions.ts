import 'server-only';
// etcd login mode: what the signed-in etcd user may read, from their roles' permissions, as ranges of the console's
// keyspace. Listings and streams are clamped to it (etcd would refuse a wider range anyway, and the watch stream,
// shared under the console's own credentials, is filtered by it).
import type { Etcd3 } from 'etcd3';
import { type KeyRange, rangeEndOf } from './access';
import type { Actor } from './context';

const CACHE_MS = 5000;
const MAX_CACHED = 1000;

type Cached = { ranges: KeyRange[] | null; until: number };
const cache = new Map<string, Cached>();

/** etcd's "\0" range end (and key "\0" with it) means "to the end of the keyspace". */
function isZero(bytes: Buffer): boolean {
  return bytes.length === 1 && bytes[0] === 0;
}

function permissionRange(key: Buffer, rangeEnd: Buffer): KeyRange {
  if (isZero(key) && isZero(rangeEnd)) return { start: Buffer.alloc(0), end: null };
  if (rangeEnd.length === 0) return { start: key, end: Buffer.concat([key, Buffer.from([0])]) };
  return { start: key, end: isZero(rangeEnd) ? null : rangeEnd };
}

/** Moves an absolute range into the console's keyspace (under ETCD_PREFIX), or drops it when outside. */
function relativeTo(namespace: Buffer, r: KeyRange): KeyRange | null {
  if (namespace.length === 0) return r;
  const nsEnd = rangeEndOf(namespace);
  const start = Buffer.compare(r.start, namespace) > 0 ? r.start : namespace;
  const end = r.end === null ? nsEnd : nsEnd === null || Buffer.compare(r.end, nsEnd) < 0 ? r.end : nsEnd;
  if (end !== null && Buffer.compare(start, end) >= 0) return null;
  return {
    start: start.subarray(namespace.length),
    end: end === null || (nsEnd !== null && end.equals(nsEnd)) ? null : end.subarray(namespace.length),
  };
}

/** The user's readable ranges (null = everything: the root role), read with their own credentials. */
export async function readEtcdRanges(
  client: Etcd3,
  username: string,
  namespace: string,
): Promise<KeyRange[] | null> {
  const user = await client.auth.userGet({ name: username });
  const roles = user.roles ?? [];
  if (roles.includes('root')) return null;
  const ranges: KeyRange[] = [];
  for (const role of roles) {
    const res = await client.auth.roleGet({ role });
    for (const perm of res.perm ?? []) {
      if (perm.permType !== 'Read' && perm.permType !== 'Readwrite') continue;
      const absolute = permissionRange(Buffer.from(perm.key ?? []), Buffer.from(perm.range_end ?? []));
      const inside = relativeTo(Buffer.from(namespace), absolute);
      if (inside) ranges.push(inside);
    }
  }
  return ranges;
}

/** The actor with their etcd read ranges attached (cached a few seconds per user), for etcd-mode actors. */
export async function withEtcdRanges(actor: Actor, client: Etcd3, namespace: string): Promise<Actor> {
  if (!actor.etcd) return actor;
  const id = `${namespace}\u0000${actor.etcd.username}`;
  const now = Date.now();
  let cached = cache.get(id);
  if (!cached || cached.until <= now) {
    cached = { ranges: await readEtcdRanges(client, actor.etcd.username, namespace), until: now + CACHE_MS };
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
    cache.set(id, cached);
  }
  return { ...actor, etcdRanges: cached.ranges ?? undefined };
}
