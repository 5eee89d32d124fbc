import 'server-only';
// Where leased keys live, without reading any range: the lease list, then the keys a few leases hold. Service
// instances of every framework here sit on leases, unrelated configuration does not, so this finds their roots at a
// cost bounded by the leases sampled, whatever the keyspace holds (a range on etcd 3.4 walks all it covers).
import { etcdClient, etcdConfig } from '../etcd/client';

const CONCURRENCY = 16;

export type LeasedKeys = { keys: string[]; leases: number; truncated: boolean };

/** Keys (relative to the console prefix) held by up to `maxLeases` leases, at most `maxKeysPerLease` from each. */
export async function sampleLeasedKeys(maxLeases: number, maxKeysPerLease: number): Promise<LeasedKeys> {
  const client = etcdClient();
  const prefix = Buffer.from(etcdConfig().prefix);
  const all = (await client.leaseClient.leaseLeases({})).leases.map((l) => String(l.ID));
  const ids = all.slice(0, maxLeases);
  const keys: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++]!;
      const held = await client.leaseClient.leaseTimeToLive({ ID: id, keys: true }).catch(() => null);
      const mine = (held?.keys ?? [])
        .filter((k) => k.subarray(0, prefix.length).equals(prefix))
        .slice(0, maxKeysPerLease)
        .map((k) => k.subarray(prefix.length).toString('utf8'));
      keys.push(...mine);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, ids.length) }, worker));
  return { keys: keys.sort(), leases: ids.length, truncated: all.length > ids.length };
}
