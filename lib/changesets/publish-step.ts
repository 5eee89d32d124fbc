import 'server-only';
// One publish step: one etcd transaction that compares every key of the step with its reviewed baseModRevision and
// the set's record with its own, then writes the step's changes, the audit record and the updated set together.
import type { ICompare, IRequestOp, ITxnResponse } from 'etcd3';
import { ApiError } from '../api/errors';
import { auditOp } from '../audit/record';
import { markAudited } from '../auth/context';
import { etcdConfig } from '../etcd/client';
import { commit, compare, op, rangeResult } from '../kv/txn';
import { editKeyBytes, editValueBytes } from './edit-key';
import type { ChangeSetRecord, StoredEdit } from './schemas';
import { recordKey, type Stored, serialize, withEvent } from './store';

export type StepPlan = { step: number; of: number; indexes: number[] };
export type Moved = { key: string; baseModRevision: number; modRevision: number };
export type StepOutcome = { ok: true; stored: Stored } | { ok: false; moved: Moved[] };

function writeOp(edit: StoredEdit): IRequestOp {
  const key = editKeyBytes(edit);
  // A key that exists keeps its lease, as in the key editor.
  if (edit.action === 'put') return op.put(key, editValueBytes(edit), { keep: edit.baseModRevision > 0 });
  return op.delete(key);
}

function unprefixed(key: Buffer | string | undefined): string {
  return String(key ?? '').slice(etcdConfig().prefix.length);
}

/** The original set, marked reverted by the last step of its revert (compared, like the set itself). */
function originalOps(original: Stored | null, revertId: string) {
  if (!original) return { compares: [] as ICompare[], ops: [] as IRequestOp[], reads: [] as IRequestOp[] };
  const key = recordKey(original.record.id);
  const reverted = withEvent({ ...original.record, state: 'reverted' }, 'reverted', { detail: revertId });
  return {
    compares: [compare.modIs(key, original.modRevision)],
    ops: [op.put(key, serialize(reverted))],
    reads: [op.get(key)],
  };
}

export async function publishStep(
  stored: Stored,
  plan: StepPlan,
  original: Stored | null,
): Promise<StepOutcome> {
  const { record } = stored;
  const edits = plan.indexes.map((i) => record.edits[i]!);
  const keys = edits.map(editKeyBytes);
  const last = plan.step === plan.of;
  const audit = auditOp('changesets.publish', keys, {
    before: edits.map((e) => e.baseModRevision),
    details: { changeset: record.id, title: record.title, step: plan.step, steps: plan.of },
  });
  const auditKey = unprefixed(audit.request_put?.key as Buffer | undefined);
  const next: ChangeSetRecord = withEvent(
    {
      ...record,
      state: last ? 'published' : 'partially-published',
      publishedRevisions: [...record.publishedRevisions, { step: plan.step, keys: edits.length, auditKey }],
    },
    'published',
    { detail: `step ${plan.step} of ${plan.of}: ${edits.length} keys` },
  );
  const extra = originalOps(last ? original : null, record.id);
  const res: ITxnResponse = await commit(
    [
      ...edits.map((e, i) => compare.modIs(keys[i]!, e.baseModRevision)),
      compare.modIs(recordKey(record.id), stored.modRevision),
      ...extra.compares,
    ],
    [...edits.map(writeOp), audit, op.put(recordKey(record.id), serialize(next)), ...extra.ops],
    // This call's own audit key first: found, an earlier try of this very call committed (etcd3 retries).
    [{ request_range: { key: audit.request_put?.key } }, ...keys.map((k) => op.get(k)), ...extra.reads],
  );
  const own = res.succeeded ? null : res.responses[0]?.response_range?.kvs[0];
  if (res.succeeded || own) {
    markAudited();
    return {
      ok: true,
      stored: { record: next, modRevision: Number(own?.mod_revision ?? res.header.revision) },
    };
  }
  const moved = edits.flatMap((e, i) => {
    const now = Number(rangeResult(res, i + 1)[0]?.mod_revision ?? 0);
    return now === e.baseModRevision
      ? []
      : [{ key: e.key, baseModRevision: e.baseModRevision, modRevision: now }];
  });
  if (moved.length === 0) {
    throw new ApiError(
      'conflict',
      'The change set (or the set it reverts) changed while publishing: nothing of this step was written. Reload and try again.',
    );
  }
  return { ok: false, moved };
}
