// zod schemas of canary publishing: the part of the change set record, the request bodies and the status answer.
import { canaryAckSchema, subscriberErrorSchema, subscriberName } from '@etcd-console/core/config';
import { z } from 'zod';

/** At most this many instances per canary: their overlay writes, the record and its audit fit one transaction. */
export const MAX_CANARY_TARGETS = 100;

const target = z.object({ app: subscriberName, instance: subscriberName }).strict();

export const canaryTarget = target.extend({
  keys: z.array(z.string()).describe("the set's keys under this instance's prefix (its overlay holds them)"),
});

/** The canary part of a change set record: who started it, on which instances, and how it ended. */
export const canaryState = z.object({
  startedAt: z.string(),
  startedBy: z.string(),
  /** How the instances were chosen (a share is resolved to instances when the canary starts). */
  share: z.object({ app: z.string(), percent: z.number() }).optional(),
  targets: z.array(canaryTarget),
  endedAt: z.string().optional(),
  outcome: z.enum(['promoted', 'aborted']).optional(),
});
export type CanaryState = z.infer<typeof canaryState>;

export const canaryBody = z
  .object({
    targets: z
      .array(target)
      .min(1)
      .max(MAX_CANARY_TARGETS)
      .optional()
      .describe('the subscriber instances to canary on, by app and instance id'),
    share: z
      .object({ app: subscriberName, percent: z.number().min(1).max(99) })
      .strict()
      .optional()
      .describe("a share of one app's live instances, rounded up (chosen when the canary starts)"),
    expectedModRevision: z.number().int().min(1).optional(),
  })
  .strict()
  .refine((b) => (b.targets === undefined) !== (b.share === undefined), {
    message: 'give either targets or share',
    path: ['targets'],
  });
export type CanaryBody = z.infer<typeof canaryBody>;

export const canaryInstance = z.object({
  app: z.string(),
  instance: z.string(),
  keys: z.array(z.string()).describe('keys this instance should show with canary values'),
  live: z.boolean().describe('its status entry exists (the subscriber is running)'),
  host: z.string().nullable(),
  appliedRevision: z.number().nullable().describe('production revision it has applied'),
  overlayRevision: z
    .number()
    .nullable()
    .describe("the revision of this instance's overlay key (null: removed)"),
  ack: canaryAckSchema
    .nullable()
    .describe("its acknowledgement of this set's overlay; null: not (yet) applied"),
  acknowledged: z.boolean().describe('it applied the overlay at its current revision, every key'),
  lastError: subscriberErrorSchema.nullable(),
  failedKeys: z.array(z.string()),
  health: z
    .enum(['up', 'draining', 'unregistered'])
    .describe('its registration at /services/<app>/<instance>, when it is also a registered service'),
});

export const canaryAnswer = z.object({
  id: z.string(),
  state: z.string(),
  canary: canaryState.nullable(),
  inCanaryMs: z.number().nullable().describe('how long it has been in canary (never promoted by itself)'),
  instances: z.array(canaryInstance),
  /** Instances of subscriber apps covering the set's keys, to choose from. */
  candidates: z.array(
    z.object({ app: z.string(), instance: z.string(), host: z.string(), keys: z.array(z.string()) }),
  ),
});
export type CanaryAnswer = z.infer<typeof canaryAnswer>;
