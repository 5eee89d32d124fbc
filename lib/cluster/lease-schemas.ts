// zod schemas of the lease API (also the OpenAPI source). Lease IDs are decimal strings: they exceed 2^53.
import { z } from 'zod';

const INT64_MAX = 2n ** 63n - 1n;

export const leaseId = z
  .string()
  .regex(/^[1-9]\d{0,18}$/, 'a lease ID is a positive decimal string')
  // zod runs every check even after the pattern failed: BigInt() only on digits.
  .refine((s) => !/^\d+$/.test(s) || BigInt(s) <= INT64_MAX, 'a lease ID fits in a signed 64-bit integer');

export const leaseParams = z.object({ id: leaseId.describe('lease ID, decimal') });

export const leaseListQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(10_000).default(1000),
    after: leaseId.optional().describe('nextAfter of the previous page: leases with a larger ID'),
  })
  .strict();

export const leaseKey = z.object({
  key: z.string().describe('relative to the console prefix when inKeyspace, else the full etcd key'),
  encoding: z.enum(['utf8', 'base64']),
  inKeyspace: z.boolean().describe('false for keys outside ETCD_PREFIX'),
});

export const leaseSummary = z.object({
  id: z.string(),
  ttl: z.number().describe('seconds left'),
  grantedTtl: z.number(),
  keyCount: z.number(),
  sampleKeys: z.array(leaseKey).describe('the first five attached keys'),
});

export const leaseList = z.object({
  leases: z
    .array(leaseSummary)
    .describe('by ascending ID; leases that expired while being read are left out'),
  total: z.number().describe('leases etcd holds'),
  nextAfter: z.string().nullable(),
  revision: z.number(),
});

export const leaseDetail = z.object({
  id: z.string(),
  ttl: z.number(),
  grantedTtl: z.number(),
  keys: z.array(leaseKey),
  revision: z.number(),
});

export const leaseRevokeAnswer = z.object({
  revoked: z.string(),
  removedKeys: z.array(leaseKey).describe('the keys the lease held when it was revoked; etcd deleted them'),
  revision: z.number(),
});

export const leaseKeepaliveAnswer = z.object({
  id: z.string(),
  ttl: z.number().describe('seconds left after the renewal: the granted TTL'),
});
