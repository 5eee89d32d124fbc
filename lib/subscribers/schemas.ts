// zod schemas of the subscribers API: what the routes parse and what they answer, also the OpenAPI source.

import { subscriberErrorSchema, subscriberStatusSchema } from '@etcd-console/core/config';
import { z } from 'zod';

const keyEncoding = z.enum(['utf8', 'base64']).default('utf8').describe('How `prefix`/`key` is encoded');

export const subscribersQuery = z.object({
  prefix: z.string().max(8192).optional().describe('A key or prefix; omitted: every live subscriber'),
  keyEncoding,
});

export const propagationQuery = z.object({
  key: z.string().min(1).max(8192).describe('The changed key'),
  keyEncoding,
  revision: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .describe("The change's revision; defaults to the key's current mod revision"),
  since: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('When the change was written, if the caller knows; otherwise it is estimated'),
});

export const lagSchema = z.object({
  state: z.enum(['applied', 'behind', 'error']),
  /** Newest revision that changed a live key under the subscriber's prefix (0: none). */
  latestRevision: z.number(),
  revisionsBehind: z.number(),
  secondsBehind: z.number().nullable(),
  summary: z.string().describe('"applied", "behind by N revisions / T s" or "error: …"'),
});

export const subscriberViewSchema = subscriberStatusSchema.extend({
  key: z.string(),
  lease: z.string().describe('lease ID, decimal'),
  modRevision: z.number(),
  coverage: z
    .enum(['full', 'partial'])
    .describe('full: covers the whole queried key/prefix; partial: a part of it'),
  lag: lagSchema,
  redacted: z
    .literal(true)
    .optional()
    .describe(
      "Set when parts of the status were hidden because they name keys outside what you may read: `prefix` is then the part of the subscriber's prefix inside your scope, and `failedKeys`, `lastError` and `lag` concern only keys you may read",
    ),
});

export const subscribersResponse = z.object({
  revision: z.number(),
  prefix: z.string().nullable(),
  subscribers: z.array(subscriberViewSchema),
});

const who = { app: z.string(), instance: z.string(), host: z.string(), appliedRevision: z.number() };

export const propagationResponse = z.object({
  key: z.string(),
  revision: z.number(),
  changedAt: z.string().nullable(),
  changedAtSource: z.enum(['since', 'status-clock']).nullable(),
  complete: z.boolean().describe('No subscriber pending'),
  slowestMs: z.number().nullable().describe('Longest appliedAt − changedAt among those that applied'),
  applied: z.array(z.object({ ...who, appliedAt: z.string(), tookMs: z.number().nullable() })),
  pending: z.array(z.object({ ...who, revisionsBehind: z.number(), waitingMs: z.number().nullable() })),
  errored: z.array(z.object({ ...who, error: subscriberErrorSchema })),
  canary: z
    .array(z.object({ ...who, changeset: z.string(), revision: z.number() }))
    .describe(
      "Covering subscribers showing a change set's canary value for this key instead of production (the overlay's revision)",
    ),
});

export type SubscriberView = z.infer<typeof subscriberViewSchema>;
export type SubscribersResponse = z.infer<typeof subscribersResponse>;
export type PropagationResponse = z.infer<typeof propagationResponse>;
export type Lag = z.infer<typeof lagSchema>;
