// Turns a command's keys into what the API shows: state, per-slot runs and (for the detail) the timeline.

import type { CommandKeys } from '@etcd-console/core/worker';
import {
  ANY_SLOT,
  commandSlots,
  commandState,
  isFinishedState,
  latestAttempt,
  slotState,
} from '@etcd-console/core/worker';
import { commandTimeline } from './command-timeline';
import type { CommandDetail, CommandSummary, RunView } from './schemas';

export function summarizeCommand(
  entry: CommandKeys,
  live: ReadonlySet<string>,
  now: number,
): CommandSummary | null {
  const spec = entry.spec?.data;
  if (!spec) return null;
  const isLive = (id: string) => live.has(id);
  const state = commandState(entry, now, isLive) ?? 'queued';
  const runs = commandSlots(entry).map((slot) => describeRun(entry, slot, now, isLive));
  return {
    id: spec.id,
    group: entry.group,
    type: spec.type,
    mode: spec.mode,
    workerId: spec.workerId,
    targets: spec.targets,
    creator: spec.creator,
    createdAt: spec.createdAt,
    deadline: spec.deadline,
    retryOf: spec.retryOf,
    retriedAs: [...entry.retries.keys()],
    state,
    cancelRequested: Boolean(entry.cancel),
    requeues: countRequeues(entry),
    finishedAt: isFinishedState(state) ? finishedAt(entry, runs) : null,
    runs,
  };
}

export function detailCommand(
  entry: CommandKeys,
  live: ReadonlySet<string>,
  now: number,
  revision: number,
): CommandDetail | null {
  const summary = summarizeCommand(entry, live, now);
  if (!summary) return null;
  return {
    ...summary,
    payload: entry.spec?.data?.payload ?? null,
    timeline: commandTimeline(entry),
    revision,
  };
}

function describeRun(
  entry: CommandKeys,
  slot: string,
  now: number,
  isLive: (id: string) => boolean,
): RunView {
  const run = entry.runs.get(slot);
  const claim = run?.claim?.data;
  const progress = run?.progress?.data;
  const result = run?.result?.data;
  const attempt = latestAttempt(entry, slot);
  const claimed = entry.history.get(slot)?.get(attempt)?.get('claimed')?.data;
  return {
    slot,
    workerId: result?.workerId ?? claim?.workerId ?? claimed?.workerId ?? (slot === ANY_SLOT ? null : slot),
    state: slotState(entry, slot, now, isLive),
    attempt,
    percent: progress?.percent ?? result?.percent ?? null,
    message: progress?.message ?? result?.message ?? '',
    claimedAt: claim?.claimedAt ?? claimed?.at ?? null,
    progressAt: progress?.updatedAt ?? null,
    finishedAt: result?.finishedAt ?? null,
    result: result?.result ?? null,
    error: result?.error ?? null,
    lease: run?.claim && run.claim.lease !== '0' ? run.claim.lease : null,
  };
}

function countRequeues(entry: CommandKeys): number {
  let count = 0;
  for (const attempts of entry.history.values()) {
    for (const events of attempts.values()) if (events.has('lost') || events.has('released')) count++;
  }
  return count;
}

/** The latest result, cancel or deadline time: when the command stopped being active. */
function finishedAt(entry: CommandKeys, runs: RunView[]): string | null {
  const times = runs.map((r) => r.finishedAt).filter((t): t is string => t !== null);
  const cancel = entry.cancel?.data?.requestedAt;
  if (cancel) times.push(cancel);
  const deadline = entry.spec?.data?.deadline;
  if (times.length === 0 && deadline) times.push(deadline);
  if (times.length === 0) return entry.spec?.data?.createdAt ?? null;
  return times.reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b));
}
