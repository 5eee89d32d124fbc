import 'server-only';
// POST /api/v1/changesets/{id}/approve and …/reject: a reviewer's verdict with a comment. Four eyes: the author
// cannot approve their own set, nor can an API token (its maker could approve their own set through it), and with
// login off every request is the same local user, so nobody but the author can approve.
import type { z } from 'zod';
import { ApiError } from '../api/errors';
import { type Actor, currentActor } from '../auth/context';
import { isEditable, toAnswer } from './answer';
import { readPolicy, requiredApprovals } from './policy';
import type { ChangeSetAnswer, ChangeSetRecord, verdictBody } from './schemas';
import { actorName, assertExpected, casWrite, changeSetAudit, withEvent } from './store';
import { changeableChangeSet } from './visibility';

export const LOGIN_OFF_FOUR_EYES =
  'Login is off (CONSOLE_AUTH none): every request is the same local user, who is also the author, so approvals ' +
  'from someone other than the author cannot be given here. Turn login on (CONSOLE_USERS) to use four eyes.';

function assertMayApprove(record: ChangeSetRecord, actor: Actor | null): void {
  if (actor?.via === 'local') throw new ApiError('forbidden', LOGIN_OFF_FOUR_EYES);
  if (actor?.via === 'token') {
    throw new ApiError(
      'forbidden',
      "Approvals come from signed-in people, not API tokens: a token's maker could approve their own change set with it.",
    );
  }
  if (actorName(actor) === record.author) {
    throw new ApiError('forbidden', 'You wrote this change set: someone else has to approve it (four eyes).');
  }
}

async function giveVerdict(
  id: string,
  body: z.infer<typeof verdictBody>,
  kind: 'approve' | 'reject',
): Promise<ChangeSetAnswer> {
  const stored = await changeableChangeSet(id);
  assertExpected(stored, body.expectedModRevision);
  const { record } = stored;
  if (!isEditable(record))
    throw new ApiError('conflict', `This change set is ${record.state}: too late to ${kind} it.`);
  const actor = currentActor();
  if (kind === 'approve') assertMayApprove(record, actor);
  const by = actorName(actor);
  const list = kind === 'approve' ? record.approvals : record.rejections;
  if (list.some((v) => v.by === by))
    throw new ApiError('conflict', `You have already ${kind}d this change set.`);
  const verdict = { by, at: new Date().toISOString(), comment: body.comment };
  // A reviewer has one verdict at a time: approving withdraws their rejection, and the other way round.
  const approvals = record.approvals.filter((v) => v.by !== by);
  const rejections = record.rejections.filter((v) => v.by !== by);
  if (kind === 'approve') approvals.push(verdict);
  else rejections.push(verdict);
  const needed = requiredApprovals(record, (await readPolicy()).policy);
  const state = approvals.length >= needed && rejections.length === 0 ? 'approved' : 'draft';
  const next = withEvent(
    { ...record, approvals, rejections, state },
    kind === 'approve' ? 'approved' : 'rejected',
    { detail: body.comment },
  );
  const audit = changeSetAudit(next, {
    action: `changesets.${kind}`,
    extra: { details: { comment: body.comment, approvals: approvals.length, required: needed } },
  });
  return toAnswer(next, await casWrite(next, id, stored.modRevision, audit));
}

export function approveChangeSet(id: string, body: z.infer<typeof verdictBody>) {
  return giveVerdict(id, body, 'approve');
}

export function rejectChangeSet(id: string, body: z.infer<typeof verdictBody>) {
  return giveVerdict(id, body, 'reject');
}
