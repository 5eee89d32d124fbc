import 'server-only';
// GET /api/v1/leases: every lease with its TTLs, key count and a few sample keys, a page at a time.
import type { z } from 'zod';
import { etcdClient } from '../etcd/client';
import { type LeaseHeld, readLease, toLeaseKey } from './lease-keys';
import type { leaseList, leaseListQuery } from './lease-schemas';

const CONCURRENCY = 16;
const SAMPLE_KEYS = 5;

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

export async function listLeases(query: z.infer<typeof leaseListQuery>): Promise<LeaseList> {
  const res = await etcdClient().leaseClient.leaseLeases();
  const after = query.after === undefined ? -1n : BigInt(query.after);
  const ids = res.leases
    .map((l) => BigInt(l.ID))
    .filter((id) => id > after)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const page = ids.slice(0, query.limit).map(String);
  const held = await readLeases(page);
  const leases = held
    .filter((l): l is LeaseHeld => l !== null)
    .map((l) => ({
      id: l.id,
      ttl: l.ttl,
      grantedTtl: l.grantedTtl,
      keyCount: l.keys.length,
      sampleKeys: l.keys.slice(0, SAMPLE_KEYS).map((k) => toLeaseKey(k)),
    }));
  return {
    leases,
    total: res.leases.length,
    nextAfter: ids.length > query.limit ? (page.at(-1) ?? null) : null,
    revision: Number(res.header.revision),
  };
}
