import 'server-only';
// POST /api/v1/changesets/{id}/rebase: every conflicting edit is based on the key as it is now, keeping its proposed
// value. The diff the reviewers approved is no longer the diff that would be published, so approvals are cleared.
import { ApiError } from '../api/errors';
import { markNoChange } from '../auth/context';
import { toAnswer } from './answer';
import { planSteps } from './plan';
import { readCurrent } from './review-changeset';
import type { ChangeSetAnswer } from './schemas';
import { assertExpected, casWrite, changeSetAudit, withEvent } from './store';
import { changeableChangeSet } from './visibility';

export async function rebaseChangeSet(id: string, expectedModRevision?: number): Promise<ChangeSetAnswer> {
  const stored = await changeableChangeSet(id);
  assertExpected(stored, expectedModRevision);
  const { record } = stored;
  if (!['draft', 'approved', 'partially-published'].includes(record.state)) {
    throw new ApiError('conflict', `This change set is ${record.state}: there is nothing to rebase.`);
  }
  const { current } = await readCurrent(record);
  const applied = new Set(record.publishedRevisions.map((p) => p.step));
  const stepOf = new Map(
    planSteps(record.edits.length).flatMap((ix, s) => ix.map((i) => [i, s + 1] as const)),
  );
  const moved: string[] = [];
  const edits = record.edits.map((edit, i) => {
    const now = Number(current[i]?.mod_revision ?? 0);
    if (now === edit.baseModRevision || applied.has(stepOf.get(i) ?? 1)) return edit;
    moved.push(edit.key);
    return { ...edit, baseModRevision: now };
  });
  if (moved.length === 0) {
    markNoChange();
    return toAnswer(record, stored.modRevision);
  }
  const partial = record.state === 'partially-published';
  const next = withEvent(
    { ...record, edits, approvals: [], rejections: [], state: partial ? record.state : 'draft' },
    'rebased',
    { detail: moved.join(', ').slice(0, 500) },
  );
  const audit = changeSetAudit(next, { action: 'changesets.rebase', extra: { details: { moved } } });
  return toAnswer(next, await casWrite(next, id, stored.modRevision, audit));
}
