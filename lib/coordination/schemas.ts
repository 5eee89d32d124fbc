// zod schemas of the coordination API (elections, locks, Patroni leaders): queries and answers, also the OpenAPI source.
import { z } from 'zod';

export const coordinationDetailQuery = z.object({
  prefix: z
    .string()
    .max(4096)
    .describe(
      'the election or lock name (keys are `<prefix>/<lease id in hex>`), or a Patroni cluster path `/service/<scope>`',
    ),
  kind: z
    .enum(['recipe', 'patroni'])
    .default('recipe')
    .describe('recipe: an etcd election or lock (default); patroni: a Patroni cluster'),
});

export const contender = z.object({
  key: z.string(),
  value: z
    .string()
    .describe('the proposal of an election candidate, "" for a lock, the member name for Patroni'),
  valueEncoding: z.enum(['utf8', 'base64']).optional(),
  valueTruncated: z.boolean().optional().describe('only the first 1,024 bytes of the value are shown'),
  lease: z.string().describe('lease ID (decimal); "0" for a key without one'),
  leaseHex: z.string().describe('the same ID as the key names it (hex)'),
  ttl: z.number().nullable().describe('seconds left on the lease; null when it is gone or was not looked up'),
  grantedTtl: z.number().nullable(),
  createRevision: z.number(),
  modRevision: z.number(),
});

export const heldSince = z.object({
  at: z.number().describe('milliseconds since the epoch'),
  observed: z
    .boolean()
    .describe(
      'true: the console saw the holder change (accurate to its reads); false: first seen holding then (it may hold longer)',
    ),
});

export const coordinationEntry = z.object({
  prefix: z.string(),
  kind: z.enum(['election', 'lock', 'patroni']),
  kindGuessed: z
    .boolean()
    .describe(
      'an election whose candidates all proposed "" looks exactly like a lock: shown as "election or lock"',
    ),
  holder: contender.nullable().describe('the key with the lowest create revision (Patroni: the leader key)'),
  heldSince: heldSince.nullable(),
  waiters: z
    .array(contender)
    .describe('in create-revision order: the next one takes over when the holder goes'),
  members: z.array(contender).optional().describe('Patroni: every member key'),
  contenders: z.number().describe('keys under the prefix (Patroni: members)'),
  truncated: z.boolean().describe('more contenders than listed (the first 100 by create revision are)'),
});

export const handover = z.object({
  revision: z.number(),
  at: z.number().nullable().describe('when the console saw it (ms since the epoch), if it did'),
  from: contender.omit({ ttl: true, grantedTtl: true }).nullable(),
  to: contender.omit({ ttl: true, grantedTtl: true }).nullable(),
});

export const coordinationList = z.object({
  entries: z.array(coordinationEntry),
  revision: z.number(),
  truncated: z.boolean().describe('more prefixes than listed (at most 200)'),
  pendingLeases: z.number().describe('leases not examined yet: what they hold appears on a later request'),
});

export const coordinationDetail = z.object({
  entry: coordinationEntry,
  handovers: z.array(handover).describe('newest first, from the retained MVCC history of the prefix'),
  history: z.object({
    fromRevision: z.number(),
    toRevision: z.number(),
    compacted: z.boolean().describe('older history was compacted away'),
    truncated: z.boolean().describe('only the newest events were read'),
  }),
  revision: z.number(),
});

export type Contender = z.infer<typeof contender>;
export type CoordinationEntry = z.infer<typeof coordinationEntry>;
export type Handover = z.infer<typeof handover>;
export type CoordinationList = z.infer<typeof coordinationList>;
export type CoordinationDetail = z.infer<typeof coordinationDetail>;
