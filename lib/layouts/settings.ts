import 'server-only';
// The admin's layout settings: built-ins turned off and layouts of their own, one JSON document in the console's own
// keyspace (/_console/, unscoped admins only), changed with a compare-and-swap that carries its audit record.
import type { Namespace } from 'etcd3';
import { ApiError } from '../api/errors';
import { auditOp } from '../audit/record';
import { markAudited } from '../auth/context';
import { etcdSystemKv } from '../etcd/client';
import type { LayoutSettings } from './settings-schema';
import { layoutSettingsSchema } from './settings-schema';

export type { LayoutSettings };

export const LAYOUT_SETTINGS_KEY = '/_console/layouts/settings';

const EMPTY: LayoutSettings = { disabled: [], declared: [] };

/** The settings and the key's mod revision (0 when never saved); a stored document that no longer parses is ignored. */
export async function readLayoutSettings(
  kv: Namespace = etcdSystemKv(),
): Promise<{ settings: LayoutSettings; modRevision: number }> {
  const res = await kv.get(LAYOUT_SETTINGS_KEY).exec();
  const current = res.kvs[0];
  if (!current) return { settings: EMPTY, modRevision: 0 };
  let parsed: LayoutSettings = EMPTY;
  try {
    parsed = layoutSettingsSchema.parse(JSON.parse(current.value.toString('utf8')));
  } catch {
    // Hand-edited into something invalid: run with the built-ins, and let the next save replace it.
  }
  return { settings: parsed, modRevision: Number(current.mod_revision) };
}

/** Saves the settings if the key is still at `expectedModRevision` (0 = never saved); 409 otherwise. */
export async function writeLayoutSettings(
  settings: LayoutSettings,
  expectedModRevision: number,
  kv: Namespace = etcdSystemKv(),
): Promise<{ settings: LayoutSettings; modRevision: number }> {
  const audit = auditOp('layouts.put', [Buffer.from(LAYOUT_SETTINGS_KEY)], {
    before: [expectedModRevision],
    details: { disabled: settings.disabled, declared: settings.declared.map((d) => d.id) },
  });
  const res = await kv
    .if(LAYOUT_SETTINGS_KEY, 'Mod', '==', expectedModRevision)
    .then(kv.put(LAYOUT_SETTINGS_KEY).value(JSON.stringify(settings)), audit)
    // The audit key is this call's own: found, an earlier try of this very call committed (etcd3 retries).
    .else({ request_range: { key: audit.request_put?.key } })
    .commit();
  const own = res.succeeded ? null : res.responses[0]?.response_range?.kvs[0];
  if (!res.succeeded && !own) {
    throw new ApiError('conflict', 'The layout settings changed since you read them; reload and try again.');
  }
  markAudited();
  return { settings, modRevision: own ? Number(own.mod_revision) : Number(res.header.revision) };
}
