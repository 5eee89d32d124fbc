import 'server-only';
// PATCH /api/v1/changesets/{id}: rename, stage more edits (same key: replaced), take edits out. Changing what the
// set would write clears its approvals and rejections: they were given to other content.
import type { z } from 'zod';
import { ApiError } from '../api/errors';
import { isEditable, toAnswer } from './answer';
import { sameKey } from './edit-key';
import type { ChangeSetAnswer, ChangeSetRecord, patchBody, StoredEdit } from './schemas';
import { assertExpected, casWrite, changeSetAudit, withEvent } from './store';
import { stageEdits } from './validate-edit';
import { changeableChangeSet } from './visibility';

export async function updateChangeSet(id: string, body: z.infer<typeof patchBody>): Promise<ChangeSetAnswer> {
  if (!body.title && body.put.length === 0 && body.remove.length === 0) {
    throw new ApiError('bad_request', 'Nothing to change: send a title, edits to put, or keys to remove.');
  }
  const stored = await changeableChangeSet(id);
  assertExpected(stored, body.expectedModRevision);
  const { record } = stored;
  const changesEdits = body.put.length > 0 || body.remove.length > 0;
  if (changesEdits && !isEditable(record)) {
    throw new ApiError('conflict', `A ${record.state} change set's edits cannot change: revert it instead.`);
  }
  const staged = await stageEdits(body.put);
  const removed = body.remove.map((r) => ({ key: r.key, keyEncoding: r.keyEncoding }));
  for (const r of removed) {
    if (!record.edits.some((e) => sameKey(e, r)))
      throw new ApiError('not_found', `${r.key}: no such edit in this set.`);
  }
  const edits: StoredEdit[] = record.edits
    .filter((e) => !removed.some((r) => sameKey(e, r)))
    .map((e) => staged.find((s) => sameKey(s, e)) ?? e);
  for (const s of staged) if (!edits.some((e) => sameKey(e, s))) edits.push(s);

  let next: ChangeSetRecord = { ...record, title: body.title ?? record.title, edits };
  if (changesEdits) {
    next = { ...next, state: 'draft', approvals: [], rejections: [] };
    next = withEvent(next, 'edited', { detail: `${staged.length} staged, ${removed.length} removed` });
  } else if (body.title) next = withEvent(next, 'renamed', { detail: body.title });
  // The audit record names the keys before and after: who may read all of them sees it.
  const audit = changeSetAudit(
    { ...next, edits: [...record.edits, ...staged.filter((s) => !record.edits.some((e) => sameKey(e, s)))] },
    { action: 'changesets.update', extra: { details: { staged: staged.length, removed: removed.length } } },
  );
  const modRevision = await casWrite(next, id, stored.modRevision, audit);
  return toAnswer(next, modRevision);
}
