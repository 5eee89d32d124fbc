// Canary overlays: values of a change set that chosen subscriber instances apply on top of production, and the
// acknowledgement a subscriber gives for them in its status entry. See docs/keyspace.md "Canary".
import { z } from 'zod';

/** One key per (app, instance, change set): /_console/canary/<app>/<instance>/<changeset id>. */
export const CANARY_ROOT = '/_console/canary/';

/** What one instance watches: only its own overlays, so the watch is a few keys at most. */
export function canaryPrefix(app: string, instance: string): string {
  return `${CANARY_ROOT}${app}/${instance}/`;
}

export function canaryKey(app: string, instance: string, changeset: string): string {
  return `${canaryPrefix(app, instance)}${changeset}`;
}

/** Splits /_console/canary/<app>/<instance>/<changeset>; null for anything else. */
export function splitCanaryKey(key: string): { app: string; instance: string; changeset: string } | null {
  if (!key.startsWith(CANARY_ROOT)) return null;
  const [app, instance, changeset, ...rest] = key.slice(CANARY_ROOT.length).split('/');
  if (rest.length > 0 || !app || !instance || !changeset) return null;
  return { app, instance, changeset };
}

export const canaryOverlayEdit = z.object({
  /** The full key (relative to the root namespace), under the instance's prefix. */
  key: z.string(),
  /** The canary value; null: the key is deleted for this instance. */
  value: z.string().nullable(),
  valueEncoding: z.enum(['utf8', 'base64']).optional(),
});

/** The value of an overlay key: the change set's values for the keys this instance's prefix covers. */
export const canaryOverlaySchema = z.object({
  changeset: z.string(),
  title: z.string().optional(),
  edits: z.array(canaryOverlayEdit),
});

/** A subscriber's acknowledgement of one overlay (in its status entry, field `canary`). */
export const canaryAckSchema = z.object({
  changeset: z.string(),
  /** The overlay key's mod_revision the subscriber applied. */
  revision: z.number(),
  /** Full keys now showing the canary value (or absence). */
  keys: z.array(z.string()),
  /** Full keys whose canary value failed to parse: the production value is kept for them. */
  failedKeys: z.array(z.string()).optional(),
});

export type CanaryOverlay = z.infer<typeof canaryOverlaySchema>;
export type CanaryOverlayEdit = z.infer<typeof canaryOverlayEdit>;
export type CanaryAck = z.infer<typeof canaryAckSchema>;

export function overlayEditBytes(edit: CanaryOverlayEdit): Buffer | null {
  if (edit.value === null) return null;
  return Buffer.from(edit.value, edit.valueEncoding === 'base64' ? 'base64' : 'utf8');
}
