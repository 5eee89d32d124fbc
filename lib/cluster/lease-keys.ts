import 'server-only';
// Lease reads shared by the lease routes: time to live with the attached keys, keys shown like the KV API's.
import type { z } from 'zod';
import { ApiError } from '../api/errors';
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

export async function requireLease(id: string): Promise<LeaseHeld> {
  const lease = await readLease(id);
  if (!lease) throw new ApiError('not_found', `No lease ${id}: it expired, was revoked or never existed.`);
  return lease;
}
