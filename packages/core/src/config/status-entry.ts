// The config acknowledgement: what a subscriber publishes at /subscribers/<app>/<instanceId> under its own lease.
import { z } from 'zod';
import { canaryAckSchema } from './canary';

export const STATUS_ROOT = '/subscribers/';

export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export const subscriberName = z
  .string()
  .regex(
    NAME_PATTERN,
    'must match ^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$ (letters, digits, ".", "_", "-"; 1–128)',
  );

export const subscriberErrorSchema = z.object({
  /** The key whose value failed; absent when the app's onChange threw. */
  key: z.string().optional(),
  revision: z.number(),
  message: z.string(),
  at: z.string(),
});

export const subscriberStatusSchema = z.object({
  app: z.string(),
  instance: z.string(),
  host: z.string(),
  pid: z.number(),
  sdkVersion: z.string(),
  prefix: z.string(),
  parse: z.string().optional(),
  /** Header revision of the last watch response (or load) fully applied; see docs/keyspace.md. */
  appliedRevision: z.number(),
  appliedAt: z.string(),
  startedAt: z.string(),
  /** When this entry was last written (apply, error change or lease re-grant). */
  updatedAt: z.string().optional(),
  lastError: subscriberErrorSchema.optional(),
  /** Keys currently holding their last good value because the newest one failed to parse (at most 50). */
  failedKeys: z.array(z.string()).optional(),
  /** Canary overlays applied on top of production, one per change set (absent: none; older SDKs never write it). */
  canary: z.array(canaryAckSchema).optional(),
});

export type SubscriberError = z.infer<typeof subscriberErrorSchema>;
export type SubscriberStatus = z.infer<typeof subscriberStatusSchema>;

export function statusKey(app: string, instance: string): string {
  return `${STATUS_ROOT}${app}/${instance}`;
}

/** Splits /subscribers/<app>/<instance>; null for anything else. */
export function splitStatusKey(key: string): { app: string; instance: string } | null {
  if (!key.startsWith(STATUS_ROOT)) return null;
  const [app, instance, ...rest] = key.slice(STATUS_ROOT.length).split('/');
  if (rest.length > 0 || !app || !instance || !NAME_PATTERN.test(app) || !NAME_PATTERN.test(instance))
    return null;
  return { app, instance };
}
