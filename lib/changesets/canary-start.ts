import 'server-only';
// POST /api/v1/changesets/{id}/canary: the set's values go first to chosen subscriber instances, as overlays they
// apply on top of production. Same bar as a publish (approvals, valid edits, no conflict), one transaction: every
// key still at its base, the record still as read, then the overlays, the record (state canary) and the audit.
import { ApiError } from '../api/errors';
import { compare } from '../kv/txn';
import { isEditable, toAnswer } from './answer';
import { approvalBlockers } from './approvals';
import { overlayPuts } from './canary-overlay';
import type { CanaryBody } from './canary-schemas';
import { resolveTargets } from './canary-targets';
import { editKeyBytes } from './edit-key';
import { planSteps } from './plan';
import { readPolicy, requiredApprovals } from './policy';
import { readCurrent } from './review-changeset';
import type { ChangeSetAnswer, ChangeSetRecord } from './schemas';
import { actorName, assertExpected, casWrite, changeSetAudit, withEvent } from './store';
import { editProblems } from './validate-edit';
import { changeableChangeSet } from './visibility';

async function assertCanaryable(record: ChangeSetRecord): Promise<void> {
  if (!isEditable(record)) {
    throw new ApiError(
      'conflict',
      `This change set is ${record.state}: only a draft or approved set can canary.`,
    );
  }
  if (record.edits.length === 0) throw new ApiError('unprocessable', 'The change set has no edits.');
  if (planSteps(record.edits.length).length > 1) {
    throw new ApiError('unprocessable', 'A change set published in several steps cannot canary: split it.');
  }
  const blockers = approvalBlockers(record, requiredApprovals(record, (await readPolicy()).policy));
  if (blockers.length > 0) throw new ApiError('forbidden', blockers.join(' '), { blockers });
  const invalid = record.edits.filter((e) => editProblems(e).length > 0).map((e) => e.key);
  if (invalid.length > 0) {
    throw new ApiError('unprocessable', `Edits that cannot be written as they are: ${invalid.join(', ')}.`);
  }
  const { current } = await readCurrent(record);
  const moved = record.edits.filter((e, i) => Number(current[i]?.mod_revision ?? 0) !== e.baseModRevision);
  if (moved.length > 0) {
    throw new ApiError(
      'conflict',
      `Changed since they were staged: ${moved.map((e) => e.key).join(', ')}. Rebase first.`,
    );
  }
}

export async function startCanary(id: string, body: CanaryBody): Promise<ChangeSetAnswer> {
  const stored = await changeableChangeSet(id);
  assertExpected(stored, body.expectedModRevision);
  const { record } = stored;
  await assertCanaryable(record);
  const chosen = await resolveTargets(record, body);
  const next = withEvent(
    {
      ...record,
      state: 'canary',
      canary: { startedAt: new Date().toISOString(), startedBy: actorName(), ...chosen },
    },
    'canary',
    { detail: chosen.targets.map((t) => `${t.app}/${t.instance}`).join(', ') },
  );
  const audit = changeSetAudit(next, {
    action: 'changesets.canary',
    extra: { details: { instances: chosen.targets.map((t) => `${t.app}/${t.instance}`) } },
  });
  // The keys' compares make a key moved since the check above fail the write (reported as a changed set).
  const revision = await casWrite(next, id, stored.modRevision, audit, {
    compares: record.edits.map((e) => compare.modIs(editKeyBytes(e), e.baseModRevision)),
    ops: overlayPuts(record, chosen.targets),
  });
  return toAnswer(next, revision);
}
