// zod schemas of change sets: the stored record, the request bodies and the answers (also the OpenAPI source).
import { z } from 'zod';
import { encodingSchema, keyParam } from '../kv/schemas';
import { canaryState } from './canary-schemas';

/** draft → (approved) → published, or partially published when a later step of a multi-step publish conflicted. */
export const changeSetStates = [
  'draft',
  'approved',
  'partially-published',
  'published',
  // Canary (issue 19, item 5) fits here: canary → promoted | aborted.
  'canary',
  'promoted',
  'aborted',
  'reverted',
] as const;
export type ChangeSetState = (typeof changeSetStates)[number];

export const changeSetId = z
  .string()
  .regex(/^[0-9a-z]{6,12}-[0-9a-f]{8}$/, 'not a change set id')
  .describe('the change set id');
export const idParams = z.object({ id: changeSetId }).strict();

const formatSchema = z.enum(['json', 'yaml', 'toml', 'text']);
const revision = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** One staged edit as a client sends it. */
export const editInput = z
  .object({
    ...keyParam,
    action: z.enum(['put', 'delete']).default('put'),
    value: z.string().optional().describe('the proposed value (put only)'),
    valueEncoding: encodingSchema.default('utf8'),
    format: formatSchema.optional().describe('the value must parse as this format (as in the key editor)'),
    baseModRevision: revision
      .optional()
      .describe("the key's mod_revision this edit is based on (0 = absent); omitted = the key as it is now"),
  })
  .strict()
  .refine((e) => (e.action === 'put') === (e.value !== undefined), {
    message: 'a put carries a value, a delete does not',
    path: ['value'],
  });
export type EditInput = z.infer<typeof editInput>;

/** One staged edit as it is stored. */
export const storedEdit = z.object({
  key: z.string(),
  keyEncoding: encodingSchema.optional(),
  action: z.enum(['put', 'delete']),
  value: z.string().optional(),
  valueEncoding: encodingSchema.optional(),
  format: formatSchema.optional(),
  baseModRevision: revision,
});
export type StoredEdit = z.infer<typeof storedEdit>;

const verdict = z.object({ by: z.string(), at: z.string(), comment: z.string() });

export const changeSetEvent = z.object({
  at: z.string(),
  by: z.string(),
  action: z.string(),
  detail: z.string().optional(),
  revision: z.number().optional(),
});

/** A published step as stored: its audit record shares its revision, so the revision is read from that key. */
export const storedStep = z.object({
  step: z.number().int().min(1),
  keys: z.number().int().describe('how many edits the step wrote'),
  auditKey: z.string(),
});

export const publishedStep = z.object({
  step: z.number().int().min(1),
  keys: z.number().int().describe('how many edits the step wrote'),
  revision: z.number().int().describe('the revision the step wrote at (its audit record is at the same one)'),
});

export const changeSetRecord = z.object({
  id: changeSetId,
  title: z.string(),
  author: z.string(),
  /** How the author came in (session, token, local): login off makes every request the same local user. */
  authorVia: z.string(),
  createdAt: z.string(),
  state: z.enum(changeSetStates),
  edits: z.array(storedEdit),
  approvals: z.array(verdict),
  rejections: z.array(verdict),
  /** The revisions the publish wrote, one per step (one step unless the set exceeded one transaction). */
  publishedRevisions: z.array(storedStep),
  revertOf: changeSetId.optional(),
  revertedBy: changeSetId.optional(),
  /** Canary publishing: the instances chosen, and how it ended (docs/keyspace.md "Canary"). */
  canary: canaryState.optional(),
  history: z.array(changeSetEvent),
});
export type ChangeSetRecord = z.infer<typeof changeSetRecord>;

export const changeSetAnswer = changeSetRecord.extend({
  publishedRevisions: z.array(publishedStep),
  modRevision: z.number().describe("the record's own mod_revision: send it back as expectedModRevision"),
  requiredApprovals: z.number().describe('approvals the policy asks for, from people other than the author'),
});
export type ChangeSetAnswer = z.infer<typeof changeSetAnswer>;

const expectedModRevision = revision
  .min(1)
  .optional()
  .describe("the change set's modRevision as you last read it; 409 when it changed since");

export const createBody = z
  .object({
    title: z.string().trim().min(1).max(200),
    edits: z.array(editInput).max(1000).default([]),
  })
  .strict();

export const patchBody = z
  .object({
    title: z.string().trim().min(1).max(200).optional(),
    put: z.array(editInput).max(1000).default([]).describe('edits to add, or to replace (same key)'),
    remove: z
      .array(z.object(keyParam).strict())
      .max(1000)
      .default([])
      .describe('keys whose edit to take out'),
    expectedModRevision,
  })
  .strict();

export const verdictBody = z
  .object({ comment: z.string().trim().min(1, 'say why').max(2000), expectedModRevision })
  .strict();

export const actionBody = z.object({ expectedModRevision }).strict();

export const actionQuery = z
  .object({
    expectedModRevision: z.coerce
      .number()
      .int()
      .min(1)
      .optional()
      .describe("the change set's modRevision as you last read it; 409 when it changed since"),
  })
  .strict();

export const listQuery = z
  .object({
    state: z.enum(changeSetStates).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    cursor: z.string().min(1).max(512).optional().describe('nextCursor of the previous page'),
  })
  .strict();

export const changeSetSummary = z.object({
  id: changeSetId,
  title: z.string(),
  author: z.string(),
  createdAt: z.string(),
  state: z.enum(changeSetStates),
  edits: z.number(),
  approvals: z.number(),
  rejections: z.number(),
  modRevision: z.number(),
});

export const listAnswer = z.object({
  changesets: z.array(changeSetSummary),
  nextCursor: z.string().nullable(),
});

export const policyRule = z
  .object({
    prefix: z.string().min(1).max(1024),
    approvals: z.number().int().min(1).max(10),
  })
  .strict();
export const policySchema = z.object({ rules: z.array(policyRule).max(200) }).strict();
export type ChangeSetPolicy = z.infer<typeof policySchema>;

export const policyAnswer = z.object({ policy: policySchema, modRevision: z.number() });
export const policyPut = z
  .object({
    policy: policySchema,
    expectedModRevision: revision.describe('the modRevision GET answered (0: never saved)'),
  })
  .strict();

const valueView = z.object({ value: z.string(), valueEncoding: encodingSchema.optional() });

export const reviewEdit = z.object({
  key: z.string(),
  keyEncoding: encodingSchema.optional(),
  action: z.enum(['put', 'delete']),
  format: formatSchema.optional(),
  step: z.number().describe('the publish step that writes this edit'),
  baseModRevision: z.number(),
  base: valueView.nullable().describe('the value at baseModRevision; null: absent then, or compacted'),
  baseCompacted: z.boolean().describe('etcd compacted the base revision: the base value is gone'),
  current: valueView.extend({ modRevision: z.number() }).nullable().describe('null: absent now'),
  proposed: valueView.nullable().describe('null: a delete'),
  conflict: z.boolean().describe("the key's mod_revision is no longer baseModRevision"),
  problems: z.array(z.string()).describe('what keeps this edit from being published'),
});
export type ReviewEdit = z.infer<typeof reviewEdit>;

export const reviewAnswer = z.object({
  id: changeSetId,
  state: z.enum(changeSetStates),
  modRevision: z.number(),
  revision: z.number().describe('the etcd revision the current values were read at'),
  edits: z.array(reviewEdit),
  conflicts: z.array(z.string()).describe('keys that moved since they were staged'),
  steps: z.number().describe('publish transactions needed (more than one: not atomic across steps)'),
  plan: z.array(z.object({ step: z.number(), keys: z.array(z.string()), applied: z.boolean() })),
  requiredApprovals: z.number(),
  approvals: z.number(),
  blockers: z.array(z.string()).describe('why publishing would be refused now; empty = it may publish'),
});
export type ReviewAnswer = z.infer<typeof reviewAnswer>;

export const publishAnswer = z.object({
  changeset: changeSetAnswer,
  steps: z.array(publishedStep),
});
