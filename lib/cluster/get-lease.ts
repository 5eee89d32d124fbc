import 'server-only';
import type { z } from 'zod';
import { requireVisibleLease, toLeaseKey } from './lease-keys';
import type { leaseDetail } from './lease-schemas';

/** One lease with the keys attached to it that the caller may read; 404 when etcd does not have it (or, see
 * requireVisibleLease, when the caller may read none of them). */
export async function getLease(id: string): Promise<z.infer<typeof leaseDetail>> {
  const lease = await requireVisibleLease(id);
  return {
    id,
    ttl: lease.ttl,
    grantedTtl: lease.grantedTtl,
    keys: lease.keys.map((k) => toLeaseKey(k)),
    revision: lease.revision,
  };
}
