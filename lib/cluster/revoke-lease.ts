import 'server-only';
import type { z } from 'zod';
import { ApiError } from '../api/errors';
import { runAudited } from '../audit/run-audited';
import { etcdClient, etcdConfig } from '../etcd/client';
import { isLeaseNotFound, requireLease, toLeaseKey } from './lease-keys';
import type { leaseRevokeAnswer } from './lease-schemas';
import { assertMayRevokeKeys, mayReadLeaseKey } from './lease-scope';

/** Keys named in the audit record; the record counts them all. */
const MAX_AUDIT_TARGETS = 100;

/**
 * Revokes a lease: etcd deletes every key attached to it in the same revision. A scoped actor needs every one
 * of them writable. A revoke is no transaction: its audit record is written first (attempted), then completed.
 */
export async function revokeLease(id: string): Promise<z.infer<typeof leaseRevokeAnswer>> {
  // Read first to check and report the keys; one attached between this read and the revoke goes unchecked.
  const lease = await requireLease(id);
  assertMayRevokeKeys(lease.keys, 'Revoking this lease');
  const removedKeys = lease.keys.filter(mayReadLeaseKey).map((k) => toLeaseKey(k));
  const prefix = Buffer.from(etcdConfig().prefix);
  const targets = lease.keys
    .filter((k) => k.subarray(0, prefix.length).equals(prefix))
    .slice(0, MAX_AUDIT_TARGETS)
    .map((k) => k.subarray(prefix.length));
  return runAudited(
    'leases.revoke',
    targets,
    async () => {
      try {
        const res = await etcdClient().leaseClient.leaseRevoke({ ID: id });
        return { revoked: id, removedKeys, revision: Number(res.header.revision) };
      } catch (error) {
        if (isLeaseNotFound(error))
          throw new ApiError('not_found', `Lease ${id} expired before it could be revoked.`);
        throw error;
      }
    },
    {
      extra: { details: { lease: id, keys: lease.keys.length } },
      details: (a) => ({ revision: a.revision }),
    },
  );
}
