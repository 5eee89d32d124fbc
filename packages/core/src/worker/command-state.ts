// Derives a command's state from its keys: the one set of rules shared by workers and the console.
import type { CommandKeys } from './command-table';
import { ANY_SLOT } from './keys';
import type { CommandSpecRecord } from './records';

export type SlotState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'lost';
export type CommandState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

const finished = new Set<SlotState>(['succeeded', 'failed', 'cancelled', 'lost']);

export function isPastDeadline(spec: CommandSpecRecord, now: number): boolean {
  return spec.deadline !== null && Date.parse(spec.deadline) <= now;
}

/** The workers a mode "all" command was addressed to; empty means "whoever runs it while it is open". */
export function commandTargets(spec: CommandSpecRecord): string[] {
  if (spec.targets.length > 0) return spec.targets;
  return spec.workerId ? [spec.workerId] : [];
}

/** The highest attempt number recorded for a slot (0 when never claimed). */
export function latestAttempt(entry: CommandKeys, slot: string): number {
  let latest = 0;
  for (const attempt of entry.history.get(slot)?.keys() ?? []) latest = Math.max(latest, attempt);
  const run = entry.runs.get(slot);
  latest = Math.max(latest, run?.claim?.data?.attempt ?? 0, run?.result?.data?.attempt ?? 0);
  return latest;
}

/** A claimed attempt whose claim vanished with no result, release or recorded loss: its worker's lease expired. */
export function unrecordedLoss(
  entry: CommandKeys,
  slot: string,
): { attempt: number; workerId: string | null } | null {
  const run = entry.runs.get(slot);
  if (run?.claim || run?.result) return null;
  const attempts = entry.history.get(slot);
  if (!attempts || attempts.size === 0) return null;
  const attempt = Math.max(...attempts.keys());
  const events = attempts.get(attempt);
  const claimed = events?.get('claimed');
  if (!claimed || events?.has('lost') || events?.has('released')) return null;
  return { attempt, workerId: claimed.data?.workerId ?? null };
}

/** Every slot the command has or is owed: "_any", or the targets plus any worker that has run it. */
export function commandSlots(entry: CommandKeys): string[] {
  const spec = entry.spec?.data;
  if (!spec) return [];
  if (spec.mode === 'any') return [ANY_SLOT];
  const slots = new Set(commandTargets(spec));
  for (const [slot, run] of entry.runs) if (run.claim || run.result) slots.add(slot);
  for (const slot of entry.history.keys()) slots.add(slot);
  return [...slots];
}

/**
 * One slot's state. `isLive` tells whether a worker is registered; without it (workers do not watch
 * /workers/) a mode "all" target that is gone reads as queued rather than lost.
 */
export function slotState(
  entry: CommandKeys,
  slot: string,
  now: number,
  isLive?: (id: string) => boolean,
): SlotState {
  const spec = entry.spec?.data;
  const run = entry.runs.get(slot);
  if (run?.result) return run.result.data?.status ?? 'failed';
  if (run?.claim) return 'running';
  if (entry.cancel) return 'cancelled';
  if (spec && isPastDeadline(spec, now)) return 'failed';
  if (spec?.mode === 'all' && isLive && !isLive(slot)) return 'lost';
  return 'queued';
}

/** The command's state; null when its spec is missing or unreadable. */
export function commandState(
  entry: CommandKeys,
  now: number,
  isLive?: (id: string) => boolean,
): CommandState | null {
  const spec = entry.spec?.data;
  if (!spec) return null;
  const slots = commandSlots(entry);
  if (slots.length === 0) {
    if (entry.cancel) return 'cancelled';
    return isPastDeadline(spec, now) ? 'failed' : 'queued';
  }
  const states = slots.map((slot) => slotState(entry, slot, now, isLive));
  if (states.includes('running')) return 'running';
  if (states.includes('queued')) return states.some((s) => finished.has(s)) ? 'running' : 'queued';
  if (states.includes('failed')) return 'failed';
  if (states.includes('cancelled')) return 'cancelled';
  if (states.includes('succeeded')) return 'succeeded';
  return 'failed'; // every target was lost
}

export function isFinishedState(state: CommandState | null): boolean {
  return state === 'succeeded' || state === 'failed' || state === 'cancelled';
}

/** The slot this worker may claim now, or null. */
export function claimableSlot(
  entry: CommandKeys,
  workerId: string,
  types: ReadonlySet<string>,
  now: number,
): string | null {
  const spec = entry.spec?.data;
  if (!spec || !types.has(spec.type) || entry.cancel || isPastDeadline(spec, now)) return null;
  if (spec.mode === 'any') {
    if (spec.workerId && spec.workerId !== workerId) return null;
    const run = entry.runs.get(ANY_SLOT);
    return run?.claim || run?.result ? null : ANY_SLOT;
  }
  const targets = commandTargets(spec);
  if (targets.length > 0 && !targets.includes(workerId)) return null;
  const run = entry.runs.get(workerId);
  if (run?.claim || run?.result) return null;
  if (targets.length === 0 && closedUntargeted(entry)) return null;
  return workerId;
}

/** An untargeted "all" command closes once it has runs and every one of them has a result. */
function closedUntargeted(entry: CommandKeys): boolean {
  let runs = 0;
  for (const run of entry.runs.values()) {
    if (run.claim) return false;
    if (run.result) runs++;
  }
  return runs > 0;
}

/** Slots past the deadline with neither claim nor result: due a "failed: deadline" result. */
export function expiredSlots(entry: CommandKeys, now: number): string[] {
  const spec = entry.spec?.data;
  if (!spec || entry.cancel || !isPastDeadline(spec, now)) return [];
  return commandSlots(entry).filter((slot) => {
    const run = entry.runs.get(slot);
    return !run?.claim && !run?.result;
  });
}
