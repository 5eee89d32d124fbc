import 'server-only';
// Runs a rolling defragmentation: one member at a time, each answering status again before the next.
import { logger } from '../log/logger';
import { nextStep, roleOf, unreachable } from './defrag-plan';
import type { DefragJob } from './defrag-record';
import { memberClient } from './member-clients';
import { describeMemberError, probeMember } from './member-status';
import { readMembers } from './read-members';

/** Defragmenting rewrites the whole backend file; a large one takes a while. */
const DEFRAG_DEADLINE_MS = 10 * 60_000;
const BACK_WITHIN_MS = 60_000;
const POLL_MS = 200;

export type JobEvents = { onChange: (job: DefragJob) => Promise<void> };

export function note(job: DefragJob, message: string, memberId?: string): void {
  const at = new Date().toISOString();
  job.log.push(memberId ? { at, memberId, message } : { at, message });
  job.updatedAt = at;
}

function finish(job: DefragJob, state: 'done' | 'failed', message: string): void {
  job.state = state;
  note(job, message);
  job.finishedAt = job.updatedAt;
}

async function waitUntilAnswering(url: string): Promise<number | null> {
  const deadline = Date.now() + BACK_WITHIN_MS;
  while (Date.now() < deadline) {
    const probe = await probeMember(url);
    if (probe.status) return probe.status.dbSize;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  return null;
}

type Step = DefragJob['steps'][number];

function failStep(job: DefragJob, step: Step, error: string, message: string): false {
  step.state = 'failed';
  step.error = error;
  step.finishedAt = new Date().toISOString();
  finish(job, 'failed', message);
  return false;
}

/** Defragments one member and waits for it to answer status again; false when the job must stop. */
async function defragmentMember(
  job: DefragJob,
  step: Step,
  url: string,
  events: JobEvents,
): Promise<boolean> {
  step.state = 'running';
  step.startedAt = new Date().toISOString();
  note(job, `defragmenting ${step.name} (${step.role})`, step.memberId);
  await events.onChange(job);
  try {
    await memberClient(url).maintenance.defragment({ deadline: Date.now() + DEFRAG_DEADLINE_MS });
  } catch (error) {
    const reason = describeMemberError(error);
    return failStep(job, step, reason, `Stopped: defragmenting ${step.name} failed: ${reason}`);
  }
  const after = await waitUntilAnswering(url);
  if (after === null) {
    const reason = `did not answer status within ${BACK_WITHIN_MS / 1000} s after defragmenting`;
    return failStep(job, step, reason, `Stopped: ${step.name} ${reason}.`);
  }
  step.state = 'done';
  step.dbSizeAfter = after;
  step.finishedAt = new Date().toISOString();
  note(
    job,
    `${step.name} (${step.role}) defragmented and answering: ${step.dbSizeBefore ?? '?'} → ${after} bytes`,
    step.memberId,
  );
  await events.onChange(job);
  return true;
}

/** Checks every member answers, picks the next step (the current leader last); false when the job must stop. */
async function runStep(job: DefragJob, events: JobEvents): Promise<boolean> {
  const view = await readMembers();
  const down = unreachable(view.members);
  if (down.length > 0) {
    const names = down.map((m) => m.name || m.id).join(', ');
    finish(
      job,
      'failed',
      `Stopped: ${names} not answering; defragmenting another member now could cost the quorum.`,
    );
    return false;
  }
  const step = nextStep(job.steps, view.leader);
  if (!step) return false;
  const member = view.members.find((m) => m.id === step.memberId);
  const url = member?.clientUrls[0];
  if (!member || !url) {
    return failStep(job, step, 'the member left the cluster', `Stopped: ${step.name} is no longer a member.`);
  }
  step.role = roleOf(member);
  step.dbSizeBefore = member.status?.dbSize ?? step.dbSizeBefore;
  return defragmentMember(job, step, url, events);
}

export async function runDefrag(job: DefragJob, events: JobEvents): Promise<void> {
  try {
    while (job.steps.some((s) => s.state === 'pending')) {
      if (!(await runStep(job, events))) break;
    }
    if (job.state === 'running') finish(job, 'done', 'Every member defragmented.');
  } catch (error) {
    logger.error({ err: error, job: job.id }, 'defragmentation job failed');
    finish(job, 'failed', `Stopped: ${error instanceof Error ? error.message : String(error)}`);
  }
  await events.onChange(job);
}
