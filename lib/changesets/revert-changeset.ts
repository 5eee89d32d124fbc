import 'server-only';
// POST /api/v1/changesets/{id}/revert: a new draft that puts back what every published step overwrote, read from
// etcd's history just before the revision the step wrote at. Each edit is based on that revision, so a key
// changed since the publish shows as a conflict in the revert's review rather than being overwritten blindly.
import type { IKeyValue } from 'etcd3';
import { ApiError } from '../api/errors';
import { isCompactedError } from '../api/etcd-errors';
import { currentActor } from '../auth/context';
import { encodeBytes } from '../etcd/encoding';
import { range } from '../kv/range';
import { compare, op } from '../kv/txn';
import { stepRevisions, toAnswer } from './answer';
import { editKeyBytes } from './edit-key';
import { planSteps } from './plan';
import type { ChangeSetAnswer, ChangeSetRecord, StoredEdit } from './schemas';
import {
  actorName,
  assertExpected,
  casWrite,
  changeSetAudit,
  newChangeSetId,
  recordKey,
  serialize,
  withEvent,
} from './store';
import { changeableChangeSet } from './visibility';

async function valueBefore(edit: StoredEdit, revision: number): Promise<IKeyValue | undefined> {
  try {
    return (await range({ start: editKeyBytes(edit), revision: revision - 1 })).kvs[0];
  } catch (error) {
    if (!isCompactedError(error)) throw error;
    throw new ApiError(
      'gone',
      `${edit.key}: etcd compacted the history before revision ${revision}, so the value it replaced is gone.`,
    );
  }
}

/** The edit that undoes `edit`, published at `revision`; null when there is nothing to undo. */
async function undo(edit: StoredEdit, revision: number): Promise<StoredEdit | null> {
  const before = await valueBefore(edit, revision);
  const key = { key: edit.key, ...(edit.keyEncoding ? { keyEncoding: edit.keyEncoding } : {}) };
  const base = edit.action === 'put' ? revision : 0;
  if (!before) return edit.action === 'put' ? { ...key, action: 'delete', baseModRevision: base } : null;
  const value = encodeBytes(before.value);
  return {
    ...key,
    action: 'put',
    value: value.text,
    ...(value.encoding === 'base64' ? { valueEncoding: 'base64' as const } : {}),
    baseModRevision: base,
  };
}

export async function revertChangeSet(id: string, expectedModRevision?: number): Promise<ChangeSetAnswer> {
  const stored = await changeableChangeSet(id);
  assertExpected(stored, expectedModRevision);
  const { record } = stored;
  if (record.state !== 'published' && record.state !== 'partially-published') {
    throw new ApiError(
      'conflict',
      `Only a published change set can be reverted; this one is ${record.state}.`,
    );
  }
  if (record.revertedBy)
    throw new ApiError('conflict', `Already reverted by change set ${record.revertedBy}.`);
  const revisions = new Map((await stepRevisions(record)).map((s) => [s.step, s.revision]));
  const plan = planSteps(record.edits.length);
  const undone: StoredEdit[] = [];
  for (const [s, indexes] of plan.entries()) {
    const revision = revisions.get(s + 1);
    if (!revision) continue;
    for (const i of indexes) {
      const edit = await undo(record.edits[i]!, revision);
      if (edit) undone.push(edit);
    }
  }
  if (undone.length === 0)
    throw new ApiError('unprocessable', 'Nothing this change set published is left to undo.');
  const revert: ChangeSetRecord = withEvent(
    {
      id: newChangeSetId(),
      title: `Revert: ${record.title}`.slice(0, 200),
      author: actorName(),
      authorVia: currentActor()?.via ?? 'none',
      createdAt: new Date().toISOString(),
      state: 'draft',
      edits: undone,
      approvals: [],
      rejections: [],
      publishedRevisions: [],
      revertOf: record.id,
      history: [],
    },
    'created',
    { detail: `revert of ${record.id}` },
  );
  const original = withEvent({ ...record, revertedBy: revert.id }, 'revert-created', { detail: revert.id });
  const audit = changeSetAudit(revert, {
    action: 'changesets.revert',
    extra: { details: { revertOf: record.id } },
  });
  const modRevision = await casWrite(revert, revert.id, 0, audit, {
    compares: [compare.modIs(recordKey(record.id), stored.modRevision)],
    ops: [op.put(recordKey(record.id), serialize(original))],
  });
  return toAnswer(revert, modRevision);
}
