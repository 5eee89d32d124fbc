import 'server-only';
import type { z } from 'zod';
import { requireLease, toLeaseKey } from './lease-keys';
import type { leaseDetail } from './lease-schemas';

/** One lease with every key attached to it; 404 when etcd does not have it. */
export async function getLease(id: string): Promise<z.infer<typeof leaseDetail>> {
  const lease = await requireLease(id);
  return {
    id,
    ttl: lease.ttl,
    grantedTtl: lease.grantedTtl,
    keys: lease.keys.map((k) => toLeaseKey(k)),
    revision: lease.revision,
  };
}
