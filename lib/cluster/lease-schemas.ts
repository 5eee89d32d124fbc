// zod schemas of the lease API (also the OpenAPI source). Lease IDs are decimal strings: they exceed 2^53.
import { z } from 'zod';

const INT64_MAX = 2n ** 63n - 1n;

export const leaseId = z
  .string()
  .regex(/^[1-9]\d{0,18}$/, 'a lease ID is a positive decimal string')
  // zod runs every check even after the pattern failed: BigInt() only on digits.
  .refine((s) => !/^\d+$/.test(s) || BigInt(s) <= INT64_MAX, 'a lease ID fits in a signed 64-bit integer');

export const leaseParams = z.object({ id: leaseId.describe('lease ID, decimal') });

/** Each lease on a page costs one LeaseTimeToLive call to etcd: the page size is what bounds a request. */
export const MAX_LEASE_PAGE = 500;

export const leaseListQuery = z
  .object({
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(MAX_LEASE_PAGE)
      .default(100)
      .describe(
        `Leases examined per request (1-${MAX_LEASE_PAGE}, default 100): each costs one LeaseTimeToLive call to etcd, so a request makes at most this many, plus one LeaseLeases`,
      ),
    after: z
      .union([leaseId, z.string().startsWith('c1.').max(200)])
      .optional()
      .describe('nextAfter of the previous page: the leases after it (a lease ID, or an opaque cursor)'),
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
  keyCount: z.number().describe('attached keys the caller may read'),
  sampleKeys: z.array(leaseKey).describe('the first five attached keys the caller may read'),
});

export const leaseList = z
  .object({
    leases: z
      .array(leaseSummary)
      .describe(
        'by ascending ID; leases that expired while being read are left out, and for a caller that may not read everything, leases holding no key it may read',
      ),
    total: z
      .number()
      .describe(
        'leases etcd holds; for a caller that may not read everything, the leases on this page (a count of the others would tell what it may not see)',
      ),
    nextAfter: z
      .string()
      .nullable()
      .describe(
        'pass as `after` for the next page; null on the last. For a caller that may not read everything it is opaque, and a page may hold fewer leases than `limit`, even none, while more follow',
      ),
    revision: z.number(),
  })
  .describe(
    'One page of at most `limit` leases examined: the console asks etcd for the lease IDs once, then for each lease on the page its TTL and keys (one LeaseTimeToLive call each, 16 at a time), so no request costs etcd more than `limit` + 1 calls. Attached keys and key counts are those the caller may read.',
  );

export const leaseDetail = z.object({
  id: z.string(),
  ttl: z.number(),
  grantedTtl: z.number(),
  keys: z
    .array(leaseKey)
    .describe(
      'the attached keys the caller may read; a caller that may not read everything gets 404 for a lease holding none',
    ),
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
