// zod schemas of webhooks: endpoints (stored and shown), delivery records, and the API's bodies.
import { z } from 'zod';

export const webhookEvents = [
  'config.published',
  'propagation.complete',
  'propagation.stuck',
  'service.lost-last-healthy',
] as const;
export type WebhookEvent = (typeof webhookEvents)[number] | 'ping';

const url = z
  .url({ protocol: /^https?$/, error: 'an http:// or https:// URL' })
  .max(2048)
  .describe('Where deliveries are POSTed');
const prefix = z
  .string()
  .min(1)
  .max(1024)
  .refine((p) => !p.startsWith('/_console/'), 'the console’s own keys (/_console/) are not reported')
  .describe('Only changes to keys starting with this are reported');
const events = z
  .array(z.enum(webhookEvents))
  .min(1)
  .max(webhookEvents.length)
  .transform((list) => [...new Set(list)])
  .describe('The events this endpoint is sent');

export const createWebhookBody = z
  .object({
    url,
    prefix,
    events,
    description: z.string().max(200).default(''),
    enabled: z.boolean().default(true),
  })
  .strict();

export const updateWebhookBody = z
  .object({
    url: url.optional(),
    prefix: prefix.optional(),
    events: events.optional(),
    description: z.string().max(200).optional(),
    enabled: z.boolean().optional(),
    rotateSecret: z.literal(true).optional().describe('Make a new secret; the answer holds its only copy'),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'change at least one field');

export const webhookIdParams = z.object({ id: z.string().regex(/^[0-9a-f]{12}$/, 'not a webhook id') });

export const storedEndpoint = z.object({
  id: z.string(),
  url: z.string(),
  prefix: z.string(),
  events: z.array(z.enum(webhookEvents)),
  description: z.string().default(''),
  enabled: z.boolean(),
  /** The signing secret, sealed (lib/webhooks/secret-box.ts): never shown after creation. */
  secret: z.string(),
  secretHint: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type StoredEndpoint = z.infer<typeof storedEndpoint>;

export const webhookView = storedEndpoint.omit({ secret: true });
export type WebhookView = z.infer<typeof webhookView>;

export const deliveryStatuses = ['pending', 'delivered', 'failed', 'dropped'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

export const attemptSchema = z.object({
  at: z.string(),
  /** HTTP status of the receiver's answer; absent when none came (timeout, refused). */
  code: z.number().optional(),
  error: z.string().optional(),
  ms: z.number(),
});
export type Attempt = z.infer<typeof attemptSchema>;

export const deliveryRecord = z.object({
  id: z.string(),
  endpointId: z.string(),
  event: z.string(),
  revision: z.number(),
  createdAt: z.string(),
  status: z.enum(deliveryStatuses),
  attempts: z.array(attemptSchema),
  /** When the next attempt is due (pending only). */
  nextAttemptAt: z.string().nullable(),
  /** The console replica sending it (lib/webhooks/replica.ts). */
  owner: z.string(),
  /** The exact JSON body every attempt sends (signed afresh each time). */
  body: z.string(),
});
export type DeliveryRecord = z.infer<typeof deliveryRecord>;

export const deliveryView = deliveryRecord.omit({ owner: true });
export type DeliveryView = z.infer<typeof deliveryView>;

export const webhooksResponse = z.object({ webhooks: z.array(webhookView) });
export const createdWebhookResponse = z.object({
  webhook: webhookView,
  secret: z.string().describe('The signing secret: shown in this answer only'),
});
export const deliveriesResponse = z.object({ deliveries: z.array(deliveryView) });
