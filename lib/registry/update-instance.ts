import 'server-only';
import { decodeInstance, encodeInstanceValue, instanceKey } from '@etcd-console/core/registry';
import type { IKeyValue, Namespace } from 'etcd3';
import { ApiError } from '../api/errors';
import { auditOp } from '../audit/record';
import { assertMayWriteKey } from '../auth/access';
import { markAudited } from '../auth/context';
import { etcdKv } from '../etcd/client';
import type { KnownLayout } from '../layouts/active';
import { toInstanceItem } from './instance-item';
import type { InstanceItem, InstancePatch } from './schemas';

const ATTEMPTS = 5;

/**
 * Drains, undrains or reweights an instance with a compare-and-swap on its key, keeping its lease: a
 * re-registration that lands in between is never overwritten. With expectedModRevision a stale write is a 409.
 * The audit record is in the same transaction: the change and its record commit together or not at all.
 */
export async function updateInstance(
  service: string,
  id: string,
  patch: InstancePatch,
  kv: Namespace = etcdKv(),
  known?: KnownLayout,
): Promise<{ instance: InstanceItem; revision: number }> {
  // Only our own documents have status and weight fields; a framework would not understand ones we invented.
  if (known && !known.layout.writes.drain) {
    throw new ApiError(
      'unprocessable',
      `The ${known.layout.title} layout has no drain or weight field the console may write; deregister instead.`,
    );
  }
  const key = instanceKey(service, id);
  assertMayWriteKey(key);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const current = await readInstanceKv(kv, key);
    if (
      patch.expectedModRevision !== undefined &&
      Number(current.mod_revision) !== patch.expectedModRevision
    ) {
      throw staleError(current, patch.expectedModRevision);
    }
    const value = patchedValue(current, patch);
    const audit = auditOp('services.instance.patch', [Buffer.from(key)], {
      before: [Number(current.mod_revision)],
      details: { status: patch.status, weight: patch.weight },
    });
    const result = await kv
      .if(key, 'Mod', '==', current.mod_revision)
      .then(kv.put(key).value(value).ignoreLease(), audit)
      // The audit key is this attempt's own: found, an earlier try of this very call committed (etcd3 retries).
      .else({ request_range: { key: audit.request_put?.key } })
      .commit();
    const own = result.succeeded ? null : result.responses[0]?.response_range?.kvs[0];
    const revision = own ? Number(own.mod_revision) : Number(result.header.revision);
    if (result.succeeded || own) {
      markAudited();
      const written: IKeyValue = { ...current, value: Buffer.from(value), mod_revision: String(revision) };
      return { instance: toInstanceItem(decodeInstance(written)!), revision };
    }
    // Someone wrote in between: a caller who named a revision hears about it, otherwise apply to the new value.
    if (patch.expectedModRevision !== undefined) {
      throw staleError(await readInstanceKv(kv, key), patch.expectedModRevision);
    }
  }
  throw new ApiError('conflict', `The instance "${id}" kept changing; try again.`);
}

async function readInstanceKv(kv: Namespace, key: string): Promise<IKeyValue> {
  const res = await kv.get(key).exec();
  const current = res.kvs[0];
  if (!current) throw new ApiError('not_found', `No instance at ${key}.`);
  // A single-key get answers with the full key; the rest of the registry speaks relative keys.
  return { ...current, key: Buffer.from(key) };
}

function staleError(current: IKeyValue, expected: number): ApiError {
  const decoded = decodeInstance(current);
  return new ApiError(
    'conflict',
    `The instance changed: it is at revision ${current.mod_revision}, not ${expected}.`,
    decoded ? { current: toInstanceItem(decoded) } : undefined,
  );
}

/** The document with the patch applied; a bare host:port value becomes a JSON document. */
function patchedValue(current: IKeyValue, patch: InstancePatch): string {
  const decoded = decodeInstance(current);
  if (!decoded) throw new ApiError('not_found', 'Not an instance key.');
  if (!decoded.ok) {
    throw new ApiError(
      'unprocessable',
      `The value is not an instance (${decoded.problem}); edit it as a key.`,
    );
  }
  const i = decoded.instance;
  return encodeInstanceValue({
    id: i.id,
    service: i.service,
    address: i.address,
    port: i.port,
    metadata: i.metadata,
    weight: patch.weight ?? i.weight,
    status: patch.status ?? i.status,
    version: i.version,
    registeredAt: i.registeredAt,
  });
}
