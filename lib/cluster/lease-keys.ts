import 'server-only';
// Lease reads shared by the lease routes: time to live with the attached keys, keys shown like the KV API's.
import type { z } from 'zod';
import { ApiError } from '../api/errors';
import { mayReadKey, readableRanges } from '../auth/access';
import { currentActor } from '../auth/context';
import { etcdClient, etcdConfig } from '../etcd/client';
import { encodeBytes } from '../etcd/encoding';
import type { leaseKey } from './lease-schemas';

export type LeaseKey = z.infer<typeof leaseKey>;

export type LeaseHeld = { id: string; ttl: number; grantedTtl: number; keys: Buffer[]; revision: number };

export function toLeaseKey(full: Buffer, prefix: Buffer = Buffer.from(etcdConfig().prefix)): LeaseKey {
  const inKeyspace = full.subarray(0, prefix.length).equals(prefix);
  const { text, encoding } = encodeBytes(inKeyspace ? full.subarray(prefix.length) : full);
  return { key: text, encoding, inKeyspace };
}

/** Whether the current actor may read everything: only then are leases shown whatever keys they hold. */
export function seesAllLeaseKeys(): boolean {
  return readableRanges() === null;
}

/**
 * The attached keys the current actor may read. Keys outside ETCD_PREFIX are outside the console's keyspace, so
 * only an actor who may read everything sees them.
 */
export function visibleLeaseKeys(
  keys: Buffer[],
  prefix: Buffer = Buffer.from(etcdConfig().prefix),
): Buffer[] {
  const actor = currentActor();
  if (readableRanges(actor) === null) return keys;
  return keys.filter(
    (full) =>
      full.subarray(0, prefix.length).equals(prefix) && mayReadKey(full.subarray(prefix.length), actor),
  );
}

export function isLeaseNotFound(error: unknown): boolean {
  return error instanceof Error && /lease not found/i.test(error.message);
}

/** The lease with its keys, or null when etcd no longer has it. */
export async function readLease(id: string): Promise<LeaseHeld | null> {
  try {
    const res = await etcdClient().leaseClient.leaseTimeToLive({ ID: id, keys: true });
    const ttl = Number(res.TTL);
    if (ttl < 0) return null; // etcd's answer for a lease it does not have
    return {
      id,
      ttl,
      grantedTtl: Number(res.grantedTTL),
      keys: [...(res.keys ?? [])].sort(Buffer.compare), // etcd lists them in no particular order
      revision: Number(res.header.revision),
    };
  } catch (error) {
    if (isLeaseNotFound(error)) return null;
    throw error;
  }
}

function leaseNotFound(id: string): ApiError {
  return new ApiError('not_found', `No lease ${id}: it expired, was revoked or never existed.`);
}

export async function requireLease(id: string): Promise<LeaseHeld> {
  const lease = await readLease(id);
  if (!lease) throw leaseNotFound(id);
  return lease;
}

/**
 * The lease with only the keys the current actor may read; 404 (the answer for a lease that does not exist) when
 * an actor who may not read everything may read none of them.
 */
export async function requireVisibleLease(id: string): Promise<LeaseHeld> {
  const lease = await requireLease(id);
  if (seesAllLeaseKeys()) return lease;
  const keys = visibleLeaseKeys(lease.keys);
  if (keys.length === 0) throw leaseNotFound(id);
  return { ...lease, keys };
}
