// zod schemas for the key-value API: the single source for validation, types and the OpenAPI document.
import { z } from 'zod';

export const encodingSchema = z.enum(['utf8', 'base64']);
export const revisionSchema = z.coerce
  .number()
  .int('must be a whole revision number')
  .min(1, 'revisions start at 1')
  .max(Number.MAX_SAFE_INTEGER);
export const leaseIdSchema = z.string().regex(/^\d{1,20}$/, 'a lease ID is a decimal string');
const booleanFlag = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1')
  .optional();

/** etcd's default --max-request-bytes: a larger put is refused before it reaches etcd. */
export const MAX_VALUE_BYTES = 1.5 * 1024 * 1024;

export const keyParam = {
  key: z
    .string()
    .min(1, 'key is required')
    .max(64 * 1024),
  keyEncoding: encodingSchema.default('utf8'),
};

export const listQuery = z
  .object({
    prefix: z
      .string()
      .max(64 * 1024)
      .default('')
      .describe('List keys starting with this; empty = everything'),
    prefixEncoding: encodingSchema.default('utf8'),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    cursor: z.string().max(200_000).optional().describe('nextCursor from the previous page'),
    revision: revisionSchema.optional().describe('Read as of this revision (time travel)'),
    keysOnly: booleanFlag.describe('Leave values out'),
  })
  .strict();

export const childrenQuery = z
  .object({
    prefix: z
      .string()
      .max(64 * 1024)
      .default(''),
    prefixEncoding: encodingSchema.default('utf8'),
    delimiter: z.string().min(1).max(8).default('/'),
    revision: revisionSchema.optional().describe('Read as of this revision (time travel)'),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    cursor: z.string().max(200_000).optional().describe('nextCursor from the previous page'),
  })
  .strict();

export const itemQuery = z.object({ ...keyParam, revision: revisionSchema.optional() }).strict();

export const putBody = z
  .object({
    ...keyParam,
    value: z.string(),
    valueEncoding: encodingSchema.default('utf8'),
    /** 0 = create only if absent; omitted = unconditional (not offered by the console UI). */
    expectedModRevision: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    lease: z
      .union([
        leaseIdSchema,
        z.object({
          ttl: z
            .number()
            .int()
            .min(1)
            .max(10 * 365 * 86400),
        }),
      ])
      .optional()
      .describe('Keep the key\'s lease when omitted; "0" detaches it; { ttl } grants a new one'),
    /** When set, the value must parse as this format before it is written. */
    format: z.enum(['json', 'yaml', 'toml', 'text']).optional(),
    reason: z.string().max(500).optional(),
  })
  .strict();

export const deleteQuery = z
  .object({
    ...keyParam,
    expectedModRevision: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  })
  .strict();

export const historyQuery = z
  .object({
    ...keyParam,
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    deletedAt: revisionSchema.optional().describe('For a deleted key: the revision of its deletion'),
  })
  .strict();

export const diffQuery = z
  .object({
    prefix: z
      .string()
      .max(64 * 1024)
      .default(''),
    prefixEncoding: encodingSchema.default('utf8'),
    from: revisionSchema,
    to: revisionSchema.optional().describe('Defaults to now'),
  })
  .strict();

export const prefixQuery = z
  .object({
    prefix: z.string().max(64 * 1024),
    prefixEncoding: encodingSchema.default('utf8'),
    revision: revisionSchema.optional(),
  })
  .strict();

export const deletePrefixBody = z
  .object({
    prefix: z
      .string()
      .min(1, 'refusing to delete the whole keyspace through this route')
      .max(64 * 1024),
    prefixEncoding: encodingSchema.default('utf8'),
    /** The caller types the prefix again: a guard against deleting the wrong one. */
    confirm: z.string(),
    /** Delete only if nothing under the prefix changed since this revision (the preview's). */
    expectedRevision: revisionSchema,
  })
  .strict();

export const restorePrefixBody = z
  .object({
    prefix: z
      .string()
      .min(1)
      .max(64 * 1024),
    prefixEncoding: encodingSchema.default('utf8'),
    revision: revisionSchema.describe('Restore the prefix as it was at this revision'),
  })
  .strict();

export const exportedItem = z.object({
  key: z.string(),
  keyEncoding: encodingSchema.optional(),
  value: z.string(),
  valueEncoding: encodingSchema.optional(),
  lease: z.string().optional(),
});

export const importBody = z
  .object({
    items: z.array(exportedItem).min(1).max(100_000),
    mode: z.enum(['preview', 'apply']).default('preview'),
    /** Apply only if nothing under these keys changed since the preview. */
    expectedRevision: revisionSchema.optional(),
  })
  .strict();

export const searchQuery = z
  .object({
    prefix: z
      .string()
      .max(64 * 1024)
      .default(''),
    contains: z.string().min(1).max(1024),
    in: z.enum(['key', 'value', 'both']).default('both'),
    cursor: z.string().max(200_000).optional(),
    revision: revisionSchema.optional(),
    /** Keys to scan in this call; the client calls again with nextCursor, showing progress. */
    scan: z.coerce.number().int().min(100).max(10_000).default(2000),
  })
  .strict();
