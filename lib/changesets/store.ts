import 'server-only';
// Change set records under /_console/changesets/<id>: read and written with the caller's etcd client (etcd login
// mode: their own RBAC), every write a compare-and-swap on the record's mod_revision with its audit record.
import { randomBytes } from 'node:crypto';
import { prefixEnd } from '@etcd-console/core/etcd';
import type { ICompare, IKeyValue, IRequestOp, ITxnResponse } from 'etcd3';
import { ApiError } from '../api/errors';
import { type AuditRecord, auditOp } from '../audit/record';
import { type Actor, currentActor, markAudited } from '../auth/context';
import { etcdClient } from '../etcd/client';
import { rawRange } from '../kv/range';
import { commit, compare, op } from '../kv/txn';
import { editKeyBytes } from './edit-key';
import { type ChangeSetRecord, changeSetRecord } from './schemas';

export const CHANGESETS_PREFIX = '/_console/changesets/';
/** A publish step carries the record, its values and (a revert) the original record: 3 × 400 KiB < etcd's 1.5 MiB. */
export const MAX_RECORD_BYTES = 400 * 1024;
const MAX_HISTORY = 200;

export type Stored = { record: ChangeSetRecord; modRevision: number };

export function recordKey(id: string): Buffer {
  return Buffer.from(`${CHANGESETS_PREFIX}${id}`);
}

/** Time-ordered (base36 milliseconds) and collision-free: listing the prefix lists sets oldest first. */
export function newChangeSetId(now = Date.now()): string {
  return `${now.toString(36)}-${randomBytes(4).toString('hex')}`;
}

export function parseRecord(kv: IKeyValue): Stored | null {
  try {
    const parsed = changeSetRecord.safeParse(JSON.parse(kv.value.toString('utf8')));
    return parsed.success ? { record: parsed.data, modRevision: Number(kv.mod_revision) } : null;
  } catch {
    return null;
  }
}

/** The record as stored, whoever may see it (callers decide with visibility.ts); null when absent. */
export async function readStored(id: string): Promise<Stored | null> {
  const res = await rawRange({ start: recordKey(id) }, etcdClient());
  const kv = res.kvs[0];
  return kv ? parseRecord(kv) : null;
}

/** One page of records in key order, from `after` (exclusive). */
export async function readPage(after: string | null, limit: number) {
  const start = after ? Buffer.from(`${after}\0`) : Buffer.from(CHANGESETS_PREFIX);
  const end = prefixEnd(Buffer.from(CHANGESETS_PREFIX));
  return rawRange({ start, end, limit }, etcdClient());
}

/** An event for the record's history (the audit trail has every one; the record keeps the latest). */
export function withEvent(
  record: ChangeSetRecord,
  action: string,
  extra: { detail?: string; revision?: number } = {},
): ChangeSetRecord {
  const event = { at: new Date().toISOString(), by: currentActor()?.name ?? 'anonymous', action, ...extra };
  return { ...record, history: [...record.history, event].slice(-MAX_HISTORY) };
}

export function serialize(record: ChangeSetRecord): Buffer {
  const bytes = Buffer.from(JSON.stringify(record));
  if (bytes.length > MAX_RECORD_BYTES) {
    throw new ApiError(
      'too_large',
      `The change set would take ${bytes.length} bytes; at most ${MAX_RECORD_BYTES} (values included). Split it.`,
    );
  }
  return bytes;
}

/** Every key an edit of the set touches (the audit record's targets: who may read them all sees it). */
export function editKeys(record: ChangeSetRecord): Buffer[] {
  return record.edits.map(editKeyBytes);
}

export type AuditSpec = { action: string; extra?: Partial<AuditRecord> };

/** The audit op of a change set mutation: its targets are the set's keys, its details name the set. */
export function changeSetAudit(record: ChangeSetRecord, spec: AuditSpec): IRequestOp {
  return auditOp(spec.action, editKeys(record), {
    ...spec.extra,
    details: { changeset: record.id, title: record.title, ...spec.extra?.details },
  });
}

/**
 * Writes `next` if the record is still at `expected` (0 = create), with its audit record, in one transaction.
 * A record found at its new revision under this call's own audit key means an earlier try of this call committed.
 */
export async function casWrite(
  next: ChangeSetRecord | null,
  id: string,
  expected: number,
  audit: IRequestOp,
  extra: { compares?: ICompare[]; ops?: IRequestOp[] } = {},
): Promise<number> {
  const key = recordKey(id);
  const write = next ? op.put(key, serialize(next)) : op.delete(key);
  const res: ITxnResponse = await commit(
    [compare.modIs(key, expected), ...(extra.compares ?? [])],
    [write, audit, ...(extra.ops ?? [])],
    [{ request_range: { key: audit.request_put?.key } }],
  );
  const own = res.succeeded ? null : res.responses[0]?.response_range?.kvs[0];
  if (!res.succeeded && !own) {
    throw new ApiError('conflict', 'The change set changed since you read it: reload it and try again.');
  }
  markAudited();
  return own ? Number(own.mod_revision) : Number(res.header.revision);
}

/** Who is acting, for records and the four-eyes rule. */
export function actorName(actor: Actor | null = currentActor()): string {
  return actor?.name ?? 'anonymous';
}

/** 409 when the client read an older version of the record than the one stored. */
export function assertExpected(stored: Stored, expected: number | undefined): void {
  if (expected !== undefined && expected !== stored.modRevision) {
    throw new ApiError(
      'conflict',
      `The change set changed since revision ${expected}: it is now at revision ${stored.modRevision}.`,
    );
  }
}
