import 'server-only';
// A lease revoke deletes every key on the lease: seen through the actor's scope (lib/auth/access.ts), it is
// refused when any of them lies outside what the actor may change, and answers name only keys they may read.
import { ApiError } from '../api/errors';
import { mayReadKey, mayWriteKey, writableRanges } from '../auth/access';
import { etcdConfig } from '../etcd/client';

/** The key relative to ETCD_PREFIX, or null for a key outside the console's keyspace. */
function relative(full: Buffer): Buffer | null {
  const prefix = Buffer.from(etcdConfig().prefix);
  return full.subarray(0, prefix.length).equals(prefix) ? full.subarray(prefix.length) : null;
}

/** Keys outside ETCD_PREFIX are beyond every prefix scope: only unscoped actors reach them. */
const unscoped = () => writableRanges() === null;

export function mayWriteLeaseKey(full: Buffer): boolean {
  const key = relative(full);
  return key ? mayWriteKey(key) : unscoped();
}

export function mayReadLeaseKey(full: Buffer): boolean {
  const key = relative(full);
  return key ? mayReadKey(key) : unscoped();
}

/**
 * 403 when revoking would delete keys outside the actor's scope; names how many, never which. A key attached
 * between this check and the revoke is beyond any check: etcd has no compare on a lease's keys.
 */
export function assertMayRevokeKeys(fullKeys: Buffer[], what: string): void {
  const outside = fullKeys.filter((k) => !mayWriteLeaseKey(k)).length;
  if (outside === 0) return;
  throw new ApiError(
    'forbidden',
    `${what} would also delete ${outside} key${outside === 1 ? '' : 's'} on the same lease outside what your role may change.`,
    { keysOutsideScope: outside },
  );
}
