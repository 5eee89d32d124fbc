import 'server-only';
// config.published: the keys of one revision under an endpoint's prefix, and who wrote them (the audit record
// committed in the same transaction, when the change came through the console).
import { STATUS_ROOT } from '@etcd-console/core/config';
import type { Namespace } from 'etcd3';
import { AUDIT_PREFIX, type AuditRecord, auditKey } from '../audit/record';
import { rangeEndOf } from '../auth/access';
import { decodeBytes } from '../etcd/encoding';
import type { ChangeMessage } from '../watch/messages';

/** How far back (by the writer's clock) the audit record of a change just seen is looked for. */
const AUDIT_WINDOW_MS = 120_000;
/** Keys named in one delivery; `truncated` says when a transaction changed more. */
export const MAX_KEYS_PER_DELIVERY = 100;

export type PublishedChange = { key: string; keyEncoding?: 'base64'; type: 'put' | 'delete' };
export type Publisher = {
  actor: string;
  via: string;
  action: string;
  source: string;
  reason?: string;
  changeSet?: string;
};

const IGNORED = [Buffer.from('/_console/'), Buffer.from(STATUS_ROOT)];

/** The changes of a revision under `prefix`; the console's own keys and subscriber statuses never count. */
export function changesUnder(message: ChangeMessage, prefix: string): PublishedChange[] {
  const wanted = Buffer.from(prefix);
  const out: PublishedChange[] = [];
  for (const e of message.events) {
    const key = decodeBytes(e.key, e.keyEncoding ?? 'utf8');
    if (!startsWith(key, wanted) || IGNORED.some((p) => startsWith(key, p))) continue;
    out.push({
      key: e.key,
      ...(e.keyEncoding === 'base64' ? { keyEncoding: 'base64' as const } : {}),
      type: e.type,
    });
  }
  return out;
}

function startsWith(key: Buffer, prefix: Buffer): boolean {
  return key.length >= prefix.length && key.subarray(0, prefix.length).equals(prefix);
}

/** The audit record written at exactly `revision`, if any (a direct etcdctl write has none). */
export async function publisherOf(
  kv: Namespace,
  revision: number,
  now = Date.now(),
): Promise<Publisher | null> {
  const start = Buffer.from(auditKey(new Date(now - AUDIT_WINDOW_MS)));
  const end = rangeEndOf(Buffer.from(AUDIT_PREFIX))!;
  const res = await kv
    .getAll()
    .inRange({ start, end })
    .minModRevision(revision)
    .maxModRevision(revision)
    .limit(5)
    .exec();
  for (const found of res.kvs) {
    try {
      const record = JSON.parse(found.value.toString('utf8')) as AuditRecord;
      return publisherFrom(record);
    } catch {}
  }
  return null;
}

/** A change set's publish names itself in its audit record: as details.changeSet(Id), or as a changesets.* action. */
export function publisherFrom(record: AuditRecord): Publisher {
  const details = record.details ?? {};
  const named = [
    details.changeSet,
    details.changeSetId,
    record.action.startsWith('changesets.') ? details.id : undefined,
  ];
  const changeSet = named.find((v): v is string => typeof v === 'string' && v.length > 0);
  return {
    actor: record.actor,
    via: record.via,
    action: record.action,
    source: record.source,
    ...(record.reason ? { reason: record.reason } : {}),
    ...(changeSet ? { changeSet } : {}),
  };
}
