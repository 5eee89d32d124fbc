import 'server-only';
// Delivery records under /_console/webhooks/deliveries/<endpoint>/<event id>: the claim that makes one replica the
// sender, every attempt's outcome, and pruning to the newest KEEP_DELIVERIES per endpoint.
import type { IRequestOp, Namespace } from 'etcd3';
import { deliveriesOf, deliveryKey } from './keys';
import { type DeliveryRecord, deliveryRecord } from './schemas';

export const KEEP_DELIVERIES = 100;

/** A record as stored, with the mod revision its holder compares against before writing it again. */
export type HeldDelivery = { record: DeliveryRecord; modRevision: string };

export function parseDelivery(raw: string): DeliveryRecord | null {
  try {
    const parsed = deliveryRecord.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Create-if-absent: only the first replica to see an event gets it (null for every other); `extra` ops (an audit
 * record) commit with the claim.
 */
export async function claimDelivery(
  kv: Namespace,
  record: DeliveryRecord,
  extra: IRequestOp[] = [],
): Promise<HeldDelivery | null> {
  const key = deliveryKey(record.endpointId, record.id);
  const res = await kv
    .if(key, 'Create', '==', 0)
    .then(kv.put(key).value(JSON.stringify(record)), ...extra)
    .commit();
  if (!res.succeeded) return null;
  return { record, modRevision: res.header.revision };
}

/** Writes the record if nobody else did since we held it; null when another replica took it over or it was pruned. */
export async function saveDelivery(
  kv: Namespace,
  held: HeldDelivery,
  next: DeliveryRecord,
): Promise<HeldDelivery | null> {
  const key = deliveryKey(next.endpointId, next.id);
  const res = await kv
    .if(key, 'Mod', '==', held.modRevision)
    .then(kv.put(key).value(JSON.stringify(next)))
    .commit();
  return res.succeeded ? { record: next, modRevision: res.header.revision } : null;
}

/** Every record of one endpoint, newest first (keys sort by revision). */
export async function listDeliveries(kv: Namespace, endpointId: string): Promise<HeldDelivery[]> {
  const res = await kv.getAll().prefix(deliveriesOf(endpointId)).exec();
  return res.kvs
    .flatMap((kv) => {
      const record = parseDelivery(kv.value.toString('utf8'));
      return record ? [{ record, modRevision: kv.mod_revision }] : [];
    })
    .reverse();
}

/** Every record whose sending is not finished, across endpoints (for taking over a stopped replica's work). */
export async function listPendingDeliveries(kv: Namespace, prefix: string): Promise<HeldDelivery[]> {
  const res = await kv.getAll().prefix(prefix).exec();
  return res.kvs.flatMap((kv) => {
    const record = parseDelivery(kv.value.toString('utf8'));
    return record?.status === 'pending' ? [{ record, modRevision: kv.mod_revision }] : [];
  });
}

/** Deletes all but the KEEP_DELIVERIES newest records of an endpoint (ids start with the zero-padded revision). */
export async function pruneDeliveries(
  kv: Namespace,
  endpointId: string,
  keep = KEEP_DELIVERIES,
): Promise<number> {
  const keys = (await kv.getAll().prefix(deliveriesOf(endpointId)).keys()).sort();
  if (keys.length <= keep) return 0;
  const oldest = keys.slice(0, keys.length - keep);
  await Promise.all(oldest.map((key) => kv.delete().key(key).exec()));
  return oldest.length;
}
