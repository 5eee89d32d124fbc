// Decides what a worker claims next and performs the claim: spreads competing workers over the queue's head.
import type { Namespace } from 'etcd3';
import { claimableSlot, expiredSlots, latestAttempt, unrecordedLoss } from './command-state';
import type { CommandKeys } from './command-table';
import { ANY_SLOT } from './keys';
import { claimSlot, deadlineResult, failExpiredSlot } from './run-txns';

export type ClaimPlannerOptions = {
  kv: Namespace;
  workerId: string;
  types: ReadonlySet<string>;
  onError: (error: unknown, where: string) => void;
};

type Target = { entry: CommandKeys; slot: string };
export type Plan = {
  /** Claims under our current lease with no run: a claim whose reply we never got. */
  adopt: Array<Target & { attempt: number; claimRevision: number }>;
  claim: Target[];
  expire: Target[];
};

export class ClaimPlanner {
  private readonly claiming = new Set<string>();
  /** Command id → the version at which claiming it last failed or its run ended: skip until it changes. */
  private readonly blocked = new Map<string, number>();
  private readonly expiring = new Map<string, number>();
  /** Command id → the claim revision we last ran under, so a late watch event never restarts a run. */
  private readonly ran = new Map<string, number>();

  constructor(private readonly options: ClaimPlannerOptions) {}

  plan(
    entries: Iterable<CommandKeys>,
    runs: ReadonlyMap<string, unknown>,
    leaseId: string,
    free: number,
    now: number,
  ): Plan {
    const plan: Plan = { adopt: [], claim: [], expire: [] };
    const candidates: Target[] = [];
    for (const entry of entries) {
      if (runs.has(entry.id) || this.claiming.has(entry.id)) continue;
      if (this.blocked.get(entry.id) === entry.version) continue;
      const own = this.ownClaim(entry, leaseId);
      if (own) {
        if (this.ran.get(entry.id) !== own.claimRevision) plan.adopt.push(own);
        continue;
      }
      const slot = claimableSlot(entry, this.options.workerId, this.options.types, now);
      if (slot) candidates.push({ entry, slot });
      else if (this.expiring.get(entry.id) !== entry.version) {
        for (const expired of expiredSlots(entry, now)) {
          if (expired === ANY_SLOT || expired === this.options.workerId)
            plan.expire.push({ entry, slot: expired });
        }
      }
    }
    const slots = free - this.claiming.size - plan.adopt.length;
    plan.claim = slots > 0 ? pickSpread(candidates, slots) : [];
    if (this.blocked.size > 10_000) this.blocked.clear();
    if (this.ran.size > 10_000) this.ran.clear();
    return plan;
  }

  /** One claim transaction; null when another worker won or etcd refused. */
  async claim(
    entry: CommandKeys,
    slot: string,
    leaseId: string,
  ): Promise<{ attempt: number; claimRevision: number } | null> {
    const version = entry.version;
    this.claiming.add(entry.id);
    try {
      const attempt = latestAttempt(entry, slot) + 1;
      const now = new Date().toISOString();
      const lost = unrecordedLoss(entry, slot);
      const loss = lost && {
        attempt: lost.attempt,
        record: {
          workerId: lost.workerId,
          at: now,
          by: `worker:${this.options.workerId}`,
          reason: 'lease expired',
        },
      };
      const claim = { workerId: this.options.workerId, attempt, claimedAt: now };
      const ref = { group: entry.group, id: entry.id, slot };
      const claimRevision = await claimSlot(this.options.kv, ref, claim, leaseId, loss);
      if (claimRevision === null) {
        this.blocked.set(entry.id, version);
        return null;
      }
      return { attempt, claimRevision };
    } catch (error) {
      // If it applied after all, the watch shows our claim and plan() adopts it.
      this.blocked.set(entry.id, version);
      this.options.onError(error, 'claim');
      return null;
    } finally {
      this.claiming.delete(entry.id);
    }
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

/** Takes `count` at random from the oldest 3×count candidates, so workers racing for the same head rarely collide. */
function pickSpread<T>(candidates: T[], count: number): T[] {
  const window = candidates.slice(0, count * 3);
  for (let i = window.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [window[i], window[j]] = [window[j]!, window[i]!];
  }
  return window.slice(0, count);
}
