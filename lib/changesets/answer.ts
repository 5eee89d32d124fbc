import 'server-only';
// A stored change set as the API answers it: the record, its own mod_revision, the approvals it needs now, and the
// revision each published step wrote at (that of the step's audit record, written in the same transaction).
import { etcdSystemClient } from '../etcd/client';
import { rawRange } from '../kv/range';
import { readPolicy, requiredApprovals } from './policy';
import type { ChangeSetAnswer, ChangeSetRecord } from './schemas';

export async function stepRevisions(record: ChangeSetRecord): Promise<ChangeSetAnswer['publishedRevisions']> {
  // The console's own bookkeeping (the audit trail): only each record's revision is read, never shown.
  const read = (key: string) => rawRange({ start: Buffer.from(key), keysOnly: true }, etcdSystemClient());
  const results = await Promise.all(record.publishedRevisions.map((s) => read(s.auditKey)));
  return record.publishedRevisions.map((s, i) => ({
    step: s.step,
    keys: s.keys,
    revision: Number(results[i]?.kvs[0]?.mod_revision ?? 0),
  }));
}

export async function toAnswer(record: ChangeSetRecord, modRevision: number): Promise<ChangeSetAnswer> {
  const { policy } = await readPolicy();
  return {
    ...record,
    publishedRevisions: await stepRevisions(record),
    modRevision,
    requiredApprovals: requiredApprovals(record, policy),
  };
}

/** States in which the edits may still change (nothing of the set has been written yet). */
export function isEditable(record: ChangeSetRecord): boolean {
  return record.state === 'draft' || record.state === 'approved';
}
