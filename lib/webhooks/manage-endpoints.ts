import 'server-only';
// Creating, changing and deleting webhook endpoints: each change and its audit record in one etcd transaction.
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { ApiError } from '../api/errors';
import { auditOp } from '../audit/record';
import { assertWithinOwnScope } from '../auth/access';
import { currentActor, markAudited } from '../auth/context';
import { etcdSystemKv } from '../etcd/client';
import { readEndpoint, viewOf } from './endpoints';
import { deliveriesOf, endpointKey } from './keys';
import type { createWebhookBody, StoredEndpoint, updateWebhookBody, WebhookView } from './schemas';
import { sealSecret } from './secret-box';

function newSecret(): { secret: string; sealed: string; hint: string } {
  const secret = `whsec_${randomBytes(24).toString('base64url')}`;
  return { secret, sealed: sealSecret(secret), hint: `…${secret.slice(-4)}` };
}

/** What the audit trail records of an endpoint: never its secret. */
function auditDetails(e: StoredEndpoint) {
  return { id: e.id, url: e.url, prefix: e.prefix, events: e.events, enabled: e.enabled };
}

export async function createWebhook(
  body: z.infer<typeof createWebhookBody>,
): Promise<{ webhook: WebhookView; secret: string }> {
  // A scoped admin reports only on keys inside their own scope.
  assertWithinOwnScope([body.prefix]);
  const id = randomBytes(6).toString('hex');
  const { secret, sealed, hint } = newSecret();
  const now = new Date().toISOString();
  const endpoint: StoredEndpoint = {
    id,
    ...body,
    secret: sealed,
    secretHint: hint,
    createdBy: currentActor()?.name ?? 'anonymous',
    createdAt: now,
    updatedAt: now,
  };
  const kv = etcdSystemKv();
  const key = endpointKey(id);
  const res = await kv
    .if(key, 'Create', '==', 0)
    .then(
      kv.put(key).value(JSON.stringify(endpoint)),
      auditOp('webhooks.create', [Buffer.from(key)], { details: auditDetails(endpoint) }),
    )
    .commit();
  if (!res.succeeded) throw new ApiError('conflict', 'A webhook with that id exists already; try again.');
  markAudited();
  return { webhook: viewOf(endpoint), secret };
}

/** A compare-and-swap on the endpoint's mod revision: a concurrent change answers 409. */
export async function updateWebhook(
  id: string,
  body: z.infer<typeof updateWebhookBody>,
): Promise<{ webhook: WebhookView; secret?: string }> {
  const { endpoint, modRevision } = await readEndpoint(id);
  const { rotateSecret, ...fields } = body;
  if (fields.prefix !== undefined) assertWithinOwnScope([fields.prefix]);
  const rotated = rotateSecret ? newSecret() : null;
  const next: StoredEndpoint = {
    ...endpoint,
    ...fields,
    ...(rotated ? { secret: rotated.sealed, secretHint: rotated.hint } : {}),
    updatedAt: new Date().toISOString(),
  };
  const kv = etcdSystemKv();
  const key = endpointKey(id);
  const res = await kv
    .if(key, 'Mod', '==', modRevision)
    .then(
      kv.put(key).value(JSON.stringify(next)),
      auditOp('webhooks.update', [Buffer.from(key)], {
        details: { ...auditDetails(next), rotatedSecret: Boolean(rotated) },
      }),
    )
    .commit();
  if (!res.succeeded) throw new ApiError('conflict', 'The webhook changed meanwhile; reload and try again.');
  markAudited();
  return { webhook: viewOf(next), ...(rotated ? { secret: rotated.secret } : {}) };
}

/** The endpoint, its delivery records and the audit record, in one transaction. */
export async function deleteWebhook(id: string): Promise<void> {
  const { endpoint, modRevision } = await readEndpoint(id);
  const kv = etcdSystemKv();
  const key = endpointKey(id);
  const res = await kv
    .if(key, 'Mod', '==', modRevision)
    .then(
      kv.delete().key(key),
      kv.delete().prefix(deliveriesOf(id)),
      auditOp('webhooks.delete', [Buffer.from(key)], { details: auditDetails(endpoint) }),
    )
    .commit();
  if (!res.succeeded) throw new ApiError('conflict', 'The webhook changed meanwhile; reload and try again.');
  markAudited();
}
