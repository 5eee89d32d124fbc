import 'server-only';
// GET /api/v1/changesets/{id}/review: per key the base value (etcd history at baseModRevision), the current value
// and the proposed one, conflicts, each edit checked again, the publish steps, and what would stop a publish now.
import type { IKeyValue } from 'etcd3';
import { isCompactedError } from '../api/etcd-errors';
import { encodeBytes } from '../etcd/encoding';
import { range, rangeBatch } from '../kv/range';
import { approvalBlockers } from './approvals';
import { editKeyBytes } from './edit-key';
import { planSteps } from './plan';
import { readPolicy, requiredApprovals } from './policy';
import type { ChangeSetRecord, ReviewAnswer, ReviewEdit, StoredEdit } from './schemas';
import { editProblems } from './validate-edit';
import { visibleChangeSet } from './visibility';

type ValueView = { value: string; valueEncoding?: 'base64' };

function view(bytes: Buffer): ValueView {
  const e = encodeBytes(bytes);
  return e.encoding === 'base64' ? { value: e.text, valueEncoding: 'base64' } : { value: e.text };
}

async function baseOf(edit: StoredEdit, current: IKeyValue | undefined) {
  if (edit.baseModRevision === 0) return { base: null, baseCompacted: false };
  if (current && Number(current.mod_revision) === edit.baseModRevision) {
    return { base: view(current.value), baseCompacted: false };
  }
  try {
    const kv = (await range({ start: editKeyBytes(edit), revision: edit.baseModRevision })).kvs[0];
    return { base: kv ? view(kv.value) : null, baseCompacted: false };
  } catch (error) {
    if (!isCompactedError(error)) throw error;
    return { base: null, baseCompacted: true };
  }
}

function proposedOf(edit: StoredEdit): ValueView | null {
  if (edit.action === 'delete') return null;
  return edit.valueEncoding === 'base64'
    ? { value: edit.value ?? '', valueEncoding: 'base64' }
    : { value: edit.value ?? '' };
}

/** The current state of every key in the set, read at one revision (as the caller: they may read them all). */
export async function readCurrent(record: ChangeSetRecord) {
  const { results, revision } = await rangeBatch(record.edits.map((e) => ({ start: editKeyBytes(e) })));
  return { current: results.map((r) => r.kvs[0]), revision };
}

export async function reviewChangeSet(id: string): Promise<ReviewAnswer> {
  const { record, modRevision } = await visibleChangeSet(id);
  const { current, revision } = await readCurrent(record);
  const plan = planSteps(record.edits.length);
  const stepOf = new Map(plan.flatMap((indexes, s) => indexes.map((i) => [i, s + 1] as const)));
  const edits: ReviewEdit[] = await Promise.all(
    record.edits.map(async (edit, i) => {
      const now = current[i];
      return {
        key: edit.key,
        ...(edit.keyEncoding ? { keyEncoding: edit.keyEncoding } : {}),
        action: edit.action,
        ...(edit.format ? { format: edit.format } : {}),
        step: stepOf.get(i) ?? 1,
        baseModRevision: edit.baseModRevision,
        ...(await baseOf(edit, now)),
        current: now ? { ...view(now.value), modRevision: Number(now.mod_revision) } : null,
        proposed: proposedOf(edit),
        conflict: Number(now?.mod_revision ?? 0) !== edit.baseModRevision,
        problems: editProblems(edit),
      };
    }),
  );
  const applied = new Set(record.publishedRevisions.map((p) => p.step));
  const required = requiredApprovals(record, (await readPolicy()).policy);
  const conflicts = edits.filter((e, i) => e.conflict && !applied.has(stepOf.get(i) ?? 1)).map((e) => e.key);
  return {
    id,
    state: record.state,
    modRevision,
    revision,
    edits,
    conflicts,
    steps: plan.length,
    plan: plan.map((indexes, s) => ({
      step: s + 1,
      keys: indexes.map((i) => record.edits[i]!.key),
      applied: applied.has(s + 1),
    })),
    requiredApprovals: required,
    approvals: record.approvals.length,
    blockers: reviewBlockers(record, required, conflicts.length, edits),
  };
}

function reviewBlockers(record: ChangeSetRecord, required: number, conflicts: number, edits: ReviewEdit[]) {
  const blockers: string[] = [];
  if (record.state !== 'draft' && record.state !== 'approved' && record.state !== 'partially-published') {
    blockers.push(`The change set is ${record.state}.`);
  }
  if (record.edits.length === 0) blockers.push('The change set has no edits.');
  blockers.push(...approvalBlockers(record, required));
  if (conflicts > 0)
    blockers.push(`${conflicts} key(s) changed since they were staged: rebase or edit them.`);
  const invalid = edits.filter((e) => e.problems.length > 0).length;
  if (invalid > 0) blockers.push(`${invalid} edit(s) cannot be written as they are.`);
  return blockers;
}
