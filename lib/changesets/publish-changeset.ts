import 'server-only';
// POST /api/v1/changesets/{id}/publish: refused without the approvals the policy asks for (403), with an edit that
// may not be written (422), or when a key moved since it was reviewed (409, naming the keys; nothing written).
// Above one transaction's worth of operations the steps are published in order, each atomic on its own; a step
// that conflicts stops the publish there and the answer says which steps were applied (not atomic across steps).
import { ApiError } from '../api/errors';
import { toAnswer } from './answer';
import { approvalBlockers } from './approvals';
import { planSteps } from './plan';
import { readPolicy, requiredApprovals } from './policy';
import { publishStep } from './publish-step';
import type { ChangeSetAnswer, ChangeSetRecord } from './schemas';
import { assertExpected, readStored, type Stored } from './store';
import { editProblems } from './validate-edit';
import { changeableChangeSet } from './visibility';

const PUBLISHABLE = ['draft', 'approved', 'partially-published'];

async function assertPublishable(record: ChangeSetRecord, fromCanary: boolean): Promise<void> {
  if (record.state === 'canary' && !fromCanary) {
    throw new ApiError(
      'conflict',
      'This change set is in canary: promote it (publishes to all) or abort it.',
    );
  }
  if (!PUBLISHABLE.includes(record.state) && !(fromCanary && record.state === 'canary')) {
    throw new ApiError('conflict', `This change set is ${record.state}: there is nothing to publish.`);
  }
  if (record.edits.length === 0) throw new ApiError('unprocessable', 'The change set has no edits.');
  const blockers = approvalBlockers(record, requiredApprovals(record, (await readPolicy()).policy));
  if (blockers.length > 0) throw new ApiError('forbidden', blockers.join(' '), { blockers });
  const problems = record.edits.flatMap((e) => editProblems(e).map((problem) => ({ key: e.key, problem })));
  if (problems.length > 0) {
    throw new ApiError('unprocessable', `${problems.length} edit(s) cannot be written as they are.`, {
      problems,
    });
  }
}

export async function publishChangeSet(
  id: string,
  expectedModRevision?: number,
  /** Promote of a canary (lib/changesets/canary-end.ts): the set may be in state canary. */
  options: { fromCanary?: boolean } = {},
): Promise<{ changeset: ChangeSetAnswer; steps: ChangeSetAnswer['publishedRevisions'] }> {
  let stored: Stored = await changeableChangeSet(id);
  assertExpected(stored, expectedModRevision);
  await assertPublishable(stored.record, options.fromCanary === true);
  const plan = planSteps(stored.record.edits.length);
  const done = new Set(stored.record.publishedRevisions.map((s) => s.step));
  const original = stored.record.revertOf ? await readStored(stored.record.revertOf) : null;
  for (const [s, indexes] of plan.entries()) {
    const step = s + 1;
    if (done.has(step)) continue;
    const outcome = await publishStep(stored, { step, of: plan.length, indexes }, original);
    if (!outcome.ok) throw await conflictError(stored, step, plan.length, outcome.moved);
    stored = outcome.stored;
  }
  const changeset = await toAnswer(stored.record, stored.modRevision);
  return { changeset, steps: changeset.publishedRevisions };
}

async function conflictError(
  stored: Stored,
  step: number,
  steps: number,
  moved: Array<{ key: string; baseModRevision: number; modRevision: number }>,
): Promise<ApiError> {
  const applied = (await toAnswer(stored.record, stored.modRevision)).publishedRevisions;
  const names = moved.map((m) => m.key).join(', ');
  const where =
    applied.length === 0
      ? 'Nothing was published.'
      : `Steps ${applied.map((a) => a.step).join(', ')} of ${steps} were published before; step ${step} and later were not.`;
  return new ApiError(
    'conflict',
    `Changed since they were reviewed: ${names}. ${where} Rebase or edit, then publish again.`,
    {
      moved,
      step,
      steps,
      applied,
    },
  );
}
