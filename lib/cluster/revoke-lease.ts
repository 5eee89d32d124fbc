import 'server-only';
import type { z } from 'zod';
import { ApiError } from '../api/errors';
import { etcdClient } from '../etcd/client';
import { isLeaseNotFound, requireLease, toLeaseKey } from './lease-keys';
import type { leaseRevokeAnswer } from './lease-schemas';

/** Revokes a lease: etcd deletes every key attached to it in the same revision. */
export async function revokeLease(id: string): Promise<z.infer<typeof leaseRevokeAnswer>> {
  // Read first to report the keys; one attached between this read and the revoke would go unlisted.
  const lease = await requireLease(id);
  try {
    const res = await etcdClient().leaseClient.leaseRevoke({ ID: id });
    return {
      revoked: id,
      removedKeys: lease.keys.map((k) => toLeaseKey(k)),
      revision: Number(res.header.revision),
    };
  } catch (error) {
    if (isLeaseNotFound(error))
      throw new ApiError('not_found', `Lease ${id} expired before it could be revoked.`);
    throw error;
  }
}
