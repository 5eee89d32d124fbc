import 'server-only';
import type { Etcd3 } from 'etcd3';

export type LeaseTtl = { ttl: number; grantedTtl: number };

const CONCURRENCY = 16;

/** Remaining and granted TTL of each lease, a few calls at a time; null for leases that have expired. */
export async function readLeaseTtls(
  client: Etcd3,
  leaseIds: Iterable<string>,
): Promise<Map<string, LeaseTtl | null>> {
  const ids = [...new Set(leaseIds)].filter((id) => id !== '0');
  const out = new Map<string, LeaseTtl | null>();
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++]!;
      out.set(id, await readLeaseTtl(client, id));
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, ids.length) }, worker));
  return out;
}

async function readLeaseTtl(client: Etcd3, id: string): Promise<LeaseTtl | null> {
  try {
    const res = await client.leaseClient.leaseTimeToLive({ ID: id });
    const ttl = Number(res.TTL);
    // etcd answers TTL -1 for a lease it no longer has.
    return ttl < 0 ? null : { ttl, grantedTtl: Number(res.grantedTTL) };
  } catch (error) {
    if (error instanceof Error && /lease not found/i.test(error.message)) return null;
    throw error;
  }
}
