import 'server-only';
// DELETE /api/v1/changesets/{id}: a set nothing of which was published (draft, approved, aborted canary) is deleted
// (the audit trail keeps it).
import { ApiError } from '../api/errors';
import { isEditable } from './answer';
import { assertExpected, casWrite, changeSetAudit } from './store';
import { changeableChangeSet } from './visibility';

export async function discardChangeSet(id: string, expectedModRevision?: number): Promise<{ id: string }> {
  const stored = await changeableChangeSet(id);
  assertExpected(stored, expectedModRevision);
  if (!isEditable(stored.record) && stored.record.state !== 'aborted') {
    throw new ApiError('conflict', `A ${stored.record.state} change set is kept: revert it instead.`);
  }
  const audit = changeSetAudit(stored.record, {
    action: 'changesets.discard',
    extra: { details: { edits: stored.record.edits.length } },
  });
  await casWrite(null, id, stored.modRevision, audit);
  return { id };
}
