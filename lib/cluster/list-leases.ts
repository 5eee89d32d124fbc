import 'server-only';
// GET /api/v1/leases: leases with their TTLs, key count and a few sample keys, a bounded page at a time.
import type { z } from 'zod';
import { isSealedCursor, openCursor, sealCursor } from '../api/cursor';
import { ApiError } from '../api/errors';
import { etcdClient } from '../etcd/client';
import { type LeaseHeld, readLease, seesAllLeaseKeys, toLeaseKey, visibleLeaseKeys } from './lease-keys';
import { leaseId, type leaseList, type leaseListQuery } from './lease-schemas';

const CONCURRENCY = 16;
const SAMPLE_KEYS = 5;
const CURSOR_KIND = 'leases';

type LeaseList = z.infer<typeof leaseList>;

/** Reads each lease, a few at a time, keeping the input order. */
async function readLeases(ids: string[]): Promise<Array<LeaseHeld | null>> {
  const out: Array<LeaseHeld | null> = new Array(ids.length).fill(null);
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const index = next++;
      out[index] = await readLease(ids[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, ids.length) }, worker));
  return out;
}

/** The lease ID a page starts after: a plain ID, or one sealed in an opaque cursor. */
function startAfter(after: string | undefined): bigint {
  if (after === undefined) return -1n;
  const id = isSealedCursor(after) ? openCursor(CURSOR_KIND, after) : after;
  if (!leaseId.safeParse(id).success) throw new ApiError('bad_request', 'after: not a lease ID or cursor');
  return BigInt(id);
}

/**
 * One page: the lease IDs from one LeaseLeases call, then one LeaseTimeToLive call for each of at most `limit` of
 * them (the bound on what a request costs etcd, whoever asks). A caller who may not read everything sees the
 * attached keys it may read, and only leases holding some; its cursor is sealed, as it may stop on a hidden lease.
 */
export async function listLeases(query: z.infer<typeof leaseListQuery>): Promise<LeaseList> {
  const after = startAfter(query.after);
  const res = await etcdClient().leaseClient.leaseLeases();
  const ids = res.leases
    .map((l) => BigInt(l.ID))
    .filter((id) => id > after)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const page = ids.slice(0, query.limit).map(String);
  const held = await readLeases(page);
  const all = seesAllLeaseKeys();
  const leases = held.flatMap((l) => {
    if (!l) return [];
    const keys = all ? l.keys : visibleLeaseKeys(l.keys);
    if (!all && keys.length === 0) return [];
    return [
      {
        id: l.id,
        ttl: l.ttl,
        grantedTtl: l.grantedTtl,
        keyCount: keys.length,
        sampleKeys: keys.slice(0, SAMPLE_KEYS).map((k) => toLeaseKey(k)),
      },
    ];
  });
  const last = page.at(-1);
  const more = ids.length > query.limit && last !== undefined;
  return {
    leases,
    total: all ? res.leases.length : leases.length,
    nextAfter: more ? (all ? last : sealCursor(CURSOR_KIND, last)) : null,
    revision: Number(res.header.revision),
  };
}
