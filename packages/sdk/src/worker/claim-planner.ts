// Decides what a worker claims next and prepares the claim (the worker sends it, see RunBatch). An index of what
// this worker may claim is kept up to date from the watch's changes (one command at a time, never a rescan of the
// table), and competing workers are spread with rendezvous hashing: each command's first choice takes it at once,
// the others only once it has waited. Correctness never depends on the spreading: a claim is still a CAS txn.

import type { CommandKeys } from '@etcd-console/core/worker';
import {
  ANY_SLOT,
  type ClaimRequest,
  claimableSlot,
  deadlineResult,
  expiredSlots,
  failExpiredSlot,
  isPastDeadline,
  latestAttempt,
  unrecordedLoss,
} from '@etcd-console/core/worker';
import type { Namespace } from 'etcd3';
import { IdQueue } from './id-queue';
import { type Member, rendezvousRank } from './rendezvous';

export type ClaimPlannerOptions = {
  kv: Namespace;
  workerId: string;
  types: ReadonlySet<string>;
  /** The worker's current lease, null while it is being granted again. */
  leaseId: () => string | null;
  /** The group's live workers as last read; `version` changes when the list does. */
  members: { readonly version: number; list: () => readonly Member[] };
  /** This worker as a member (its capacity is its weight). */
  self: Member;
  /** How long a command waits for its first-choice worker before the second may take it (the third waits twice as long…). */
  stealDelayMs?: number;
  onError: (error: unknown, where: string) => void;
};

type Target = { entry: CommandKeys; slot: string };
export type Plan = {
  /** Claims under our current lease with no run: a claim whose reply we never got. */
  adopt: Array<Target & { attempt: number; claimRevision: number }>;
  claim: Target[];
  expire: Target[];
  /** When to plan again if nothing changes: a queued command becomes ours to take, or a deadline passes. */
  wakeAt: number | null;
};

/** A claim being sent: its command counts against free slots and is not planned again until settled. */
export type PendingClaim = Target & { version: number; request: ClaimRequest };

type Candidate = Target & {
  /** When it became claimable for us (ms). */
  since: number;
  /** 1: we are its first choice among the live workers; n: n-1 others come first. */
  rank: number;
};

/** Beyond this rank every worker waits the same (a large group must not wait for a long queue of choices). */
const MAX_DELAY_STEPS = 5;
/** Stealing looks at this many of the longest-waiting commands at most, then takes its best-ranked. */
const STEAL_WINDOW = 256;

export class ClaimPlanner {
  private readonly claiming = new Set<string>();
  /** Command id → the version at which claiming it last failed or its run ended: skip until it changes. */
  private readonly blocked = new Map<string, number>();
  private readonly expiring = new Map<string, number>();
  /** Command id → the claim revision we last ran under, so a late watch event never restarts a run. */
  private readonly ran = new Map<string, number>();

  /** What we may claim now, in the order it became claimable (so the longest-waiting come first). */
  private readonly candidates = new Map<string, Candidate>();
  /** The candidates we are the first choice for, oldest command first. */
  private readonly preferred = new IdQueue();
  /** Commands holding a claim of ours under our current lease: adopted when no run holds them. */
  private readonly ownClaims = new Map<string, CommandKeys>();
  /** Open commands whose deadline is still ahead: looked at again once it passes. */
  private readonly deadlines = new Map<string, { entry: CommandKeys; at: number }>();
  private nextDeadline = Number.POSITIVE_INFINITY;
  /** Commands past their deadline with a slot of ours (or "_any") due a "failed: deadline" result. */
  private readonly expirable = new Map<string, CommandKeys>();
  private rankedAt = -1;
  private readonly stealDelayMs: number;

  constructor(private readonly options: ClaimPlannerOptions) {
    this.stealDelayMs = options.stealDelayMs ?? 100;
  }

  /** Forgets everything indexed: the table was replaced by a fresh snapshot. */
  reset(entries: Iterable<CommandKeys>, now: number): void {
    this.candidates.clear();
    this.preferred.clear();
    this.ownClaims.clear();
    this.deadlines.clear();
    this.nextDeadline = Number.POSITIVE_INFINITY;
    this.expirable.clear();
    for (const entry of entries) this.update(entry, now);
  }

  /** Re-indexes one command after a change to its keys; true when it leaves this worker something to do. */
  update(entry: CommandKeys, now: number): boolean {
    const { id } = entry;
    const me = this.options.workerId;

    if (this.holdsClaim(entry)) this.ownClaims.set(id, entry);
    else this.ownClaims.delete(id);

    const slot = claimableSlot(entry, me, this.options.types, now);
    const current = this.candidates.get(id);
    if (slot && current) {
      current.entry = entry;
      current.slot = slot;
    } else if (slot) {
      const rank = this.rank(entry);
      this.candidates.set(id, { entry, slot, since: now, rank });
      if (rank === 1) this.preferred.add(id);
    } else if (current) {
      this.candidates.delete(id);
      if (current.rank === 1) this.preferred.delete(id);
    }

    const spec = entry.spec?.data;
    const deadline = spec?.deadline && !entry.cancel ? Date.parse(spec.deadline) : Number.NaN;
    this.deadlines.delete(id);
    this.expirable.delete(id);
    if (spec && !Number.isNaN(deadline)) {
      if (deadline > now) {
        if (!entry.runs.get(spec.mode === 'any' ? ANY_SLOT : me)?.result) {
          this.deadlines.set(id, { entry, at: deadline });
          this.nextDeadline = Math.min(this.nextDeadline, deadline);
        }
      } else if (this.expiredSlots(entry, now).length > 0) this.expirable.set(id, entry);
    }
    return slot !== null || this.ownClaims.has(id) || this.expirable.has(id);
  }

  plan(runs: ReadonlyMap<string, unknown>, leaseId: string, free: number, now: number): Plan {
    if (this.options.members.version !== this.rankedAt) this.rerank();
    if (now >= this.nextDeadline) this.passDeadlines(now);
    const plan: Plan = { adopt: [], claim: [], expire: [], wakeAt: null };
    const busy = (id: string, version: number) =>
      runs.has(id) || this.claiming.has(id) || this.blocked.get(id) === version;

    for (const entry of this.ownClaims.values()) {
      if (busy(entry.id, entry.version)) continue;
      const own = this.ownClaim(entry, leaseId);
      if (own && this.ran.get(entry.id) !== own.claimRevision) plan.adopt.push(own);
    }
    for (const entry of this.expirable.values()) {
      if (busy(entry.id, entry.version) || this.expiring.get(entry.id) === entry.version) continue;
      for (const slot of this.expiredSlots(entry, now)) plan.expire.push({ entry, slot });
    }

    let slots = free - this.claiming.size - plan.adopt.length;
    // Ours first, oldest first.
    for (const id of this.preferred.values()) {
      if (slots <= 0) break;
      const candidate = this.candidates.get(id);
      if (!candidate || busy(id, candidate.entry.version)) continue;
      plan.claim.push({ entry: candidate.entry, slot: candidate.slot });
      slots--;
    }
    // Then what others were preferred for but left waiting: the second choice after one delay, the third after two…
    let wakeAt = Number.POSITIVE_INFINITY;
    if (slots > 0) {
      const due: Candidate[] = [];
      let looked = 0;
      for (const candidate of this.candidates.values()) {
        if (candidate.rank === 1) continue;
        if (++looked > 4 * STEAL_WINDOW) break;
        // In arrival order: once one has not waited a single delay, neither has any after it.
        if (now - candidate.since < this.stealDelayMs) {
          wakeAt = Math.min(wakeAt, candidate.since + this.stealDelayMs);
          break;
        }
        if (busy(candidate.entry.id, candidate.entry.version)) continue;
        const at = candidate.since + this.stealDelayMs * Math.min(candidate.rank - 1, MAX_DELAY_STEPS);
        if (at > now) wakeAt = Math.min(wakeAt, at);
        else if (due.push(candidate) >= STEAL_WINDOW) break;
      }
      due.sort((a, b) => a.rank - b.rank || (a.entry.id < b.entry.id ? -1 : 1));
      for (const candidate of due.slice(0, slots)) {
        plan.claim.push({ entry: candidate.entry, slot: candidate.slot });
        slots--;
      }
    }
    if (slots <= 0) wakeAt = Number.POSITIVE_INFINITY;
    wakeAt = Math.min(wakeAt, this.nextDeadline);
    plan.wakeAt = Number.isFinite(wakeAt) ? wakeAt : null;

    if (this.blocked.size > 10_000) this.blocked.clear();
    if (this.ran.size > 10_000) this.ran.clear();
    return plan;
  }

  /** The next command to claim with `free` slots, held for the caller until settle(). */
  next(runs: ReadonlyMap<string, unknown>, leaseId: string, free: number, now: number): PendingClaim | null {
    const target = this.plan(runs, leaseId, free, now).claim[0];
    return target ? this.prepare(target.entry, target.slot, leaseId) : null;
  }

  /**
   * Builds the claim of a slot (the next attempt, and the loss the last claimant left unrecorded) and holds it:
   * the command counts against free slots until settle(). If a claim whose answer never came applied after all,
   * the watch shows it and plan() adopts it.
   */
  prepare(entry: CommandKeys, slot: string, leaseId: string): PendingClaim {
    this.claiming.add(entry.id);
    const workerId = this.options.workerId;
    const now = new Date().toISOString();
    const lost = unrecordedLoss(entry, slot);
    const loss = lost && {
      attempt: lost.attempt,
      record: { workerId: lost.workerId, at: now, by: `worker:${workerId}`, reason: 'lease expired' },
    };
    const claim = { workerId, attempt: latestAttempt(entry, slot) + 1, claimedAt: now };
    const ref = { group: entry.group, id: entry.id, slot };
    return { entry, slot, version: entry.version, request: { ref, claim, lease: leaseId, loss } };
  }

  /** Ends a held claim: its revision when it was taken; null when it was not (skipped until the command changes). */
  settle(
    pending: PendingClaim,
    claimRevision: number | null,
  ): { attempt: number; claimRevision: number } | null {
    this.claiming.delete(pending.entry.id);
    if (claimRevision !== null) return { attempt: pending.request.claim.attempt, claimRevision };
    this.blocked.set(pending.entry.id, pending.version);
    return null;
  }

  /** Records "failed: deadline" for an unclaimed slot; whoever gets there first writes it, once. */
  async expire(entry: CommandKeys, slot: string): Promise<void> {
    this.expiring.set(entry.id, entry.version);
    const result = deadlineResult(latestAttempt(entry, slot), `worker:${this.options.workerId}`, new Date());
    try {
      await failExpiredSlot(this.options.kv, { group: entry.group, id: entry.id, slot }, result);
    } catch (error) {
      this.expiring.delete(entry.id);
      this.options.onError(error, 'deadline');
    }
  }

  /** Remembers the claim a run holds (after a claim, an adoption or a rebind). */
  noteRun(id: string, claimRevision: number): void {
    this.ran.set(id, claimRevision);
  }

  /** Skips a command until it changes (its run just ended; the watch has not caught up yet). */
  block(entry: CommandKeys): void {
    this.blocked.set(entry.id, entry.version);
  }

  /** Where we stand for a queued command: 1 unless another live worker able to run it is preferred. */
  private rank(entry: CommandKeys): number {
    const spec = entry.spec?.data;
    // Mode "all" has a slot per worker, and an addressed command only one taker: nobody competes for those.
    if (!spec || spec.mode === 'all' || spec.workerId) return 1;
    return rendezvousRank(entry.id, spec.type, this.options.self, this.options.members.list());
  }

  /** The live workers changed: every queued command gets its ranking again. */
  private rerank(): void {
    this.rankedAt = this.options.members.version;
    this.preferred.clear();
    for (const candidate of this.candidates.values()) {
      candidate.rank = this.rank(candidate.entry);
      if (candidate.rank === 1) this.preferred.add(candidate.entry.id);
    }
  }

  private passDeadlines(now: number): void {
    const passed: CommandKeys[] = [];
    let next = Number.POSITIVE_INFINITY;
    for (const { entry, at } of this.deadlines.values()) {
      if (at <= now) passed.push(entry);
      else next = Math.min(next, at);
    }
    this.nextDeadline = next;
    for (const entry of passed) this.update(entry, now);
  }

  private expiredSlots(entry: CommandKeys, now: number): string[] {
    const spec = entry.spec?.data;
    if (!spec || !isPastDeadline(spec, now)) return [];
    return expiredSlots(entry, now).filter((slot) => slot === ANY_SLOT || slot === this.options.workerId);
  }

  /** A claim under our lease is ours (nobody else writes with it); ownClaim() checks the record when adopting. */
  private holdsClaim(entry: CommandKeys): boolean {
    const lease = this.options.leaseId();
    if (!lease) return false;
    return (
      entry.runs.get(ANY_SLOT)?.claim?.lease === lease ||
      entry.runs.get(this.options.workerId)?.claim?.lease === lease
    );
  }

  private ownClaim(entry: CommandKeys, leaseId: string): Plan['adopt'][number] | null {
    for (const slot of [ANY_SLOT, this.options.workerId]) {
      const claim = entry.runs.get(slot)?.claim;
      if (claim?.data?.workerId === this.options.workerId && claim.lease === leaseId) {
        return { entry, slot, attempt: claim.data.attempt, claimRevision: claim.modRevision };
      }
    }
    return null;
  }
}
