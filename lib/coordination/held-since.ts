import 'server-only';
// How long a holder has held: etcd keeps no wall-clock time, so the console remembers when it saw each holder first.
// A holder seen to replace another (or appear after an empty read) is dated by that read; one held since before the
// console first looked is dated by that first look, marked as such ("at least since").
import { currentClusterName } from '../etcd/cluster-context';

type Seen = { holder: string | null; since: number; observed: boolean; at: number };

const MAX_PREFIXES = 10_000;

const store = globalThis as typeof globalThis & { __coordinationHolders?: Map<string, Seen> };

function table(): Map<string, Seen> {
  store.__coordinationHolders ??= new Map();
  return store.__coordinationHolders;
}

/** Identity of a holder: the same key created again is a new holder. */
export function holderId(key: string, createRevision: number): string {
  return `${key}@${createRevision}`;
}

/**
 * Records what a read at `revision` found holding `prefix` and answers since when it has held. Reads may arrive out
 * of order (concurrent requests): an older read never overwrites a newer one.
 */
export function noteHolder(
  prefix: string,
  holder: string | null,
  revision: number,
  /** The holder's key was created after the console's previous read: it is new, not merely new to us. */
  createdSinceLastRead = false,
  now = Date.now(),
): { at: number; observed: boolean } | null {
  const id = `${currentClusterName()}\0${prefix}`;
  const seen = table().get(id);
  if (seen && revision < seen.at) return seen.holder === holder && holder ? pick(seen) : null;
  if (!seen || seen.holder !== holder) {
    const next: Seen = {
      holder,
      since: now,
      observed: seen !== undefined || createdSinceLastRead,
      at: revision,
    };
    table().delete(id);
    table().set(id, next);
    trim();
    return holder ? pick(next) : null;
  }
  seen.at = revision;
  return holder ? pick(seen) : null;
}

function pick(seen: Seen): { at: number; observed: boolean } {
  return { at: seen.since, observed: seen.observed };
}

/** Drops the longest-unchanged prefixes past the bound (insertion order is change order). */
function trim(): void {
  const t = table();
  for (const id of t.keys()) {
    if (t.size <= MAX_PREFIXES) return;
    t.delete(id);
  }
}

// When the console read which revision: a change at revision r happened between the last read before r and the
// first read at or after r, so a page kept live by the watch stream dates handovers to within a fraction of a second.
const MAX_READS = 5000;
const clocks = globalThis as typeof globalThis & {
  __coordinationReads?: Map<string, Array<{ revision: number; at: number }>>;
};

function readsOf(): Array<{ revision: number; at: number }> {
  clocks.__coordinationReads ??= new Map();
  const cluster = currentClusterName();
  let reads = clocks.__coordinationReads.get(cluster);
  if (!reads) {
    reads = [];
    clocks.__coordinationReads.set(cluster, reads);
  }
  return reads;
}

/** Records that a read at `revision` happened now. */
export function noteRead(revision: number, now = Date.now()): void {
  const reads = readsOf();
  const last = reads.at(-1);
  if (last && last.revision >= revision) return;
  reads.push({ revision, at: now });
  if (reads.length > MAX_READS) reads.splice(0, reads.length - MAX_READS);
}

/** The revision of the console's latest recorded read in this cluster, if any. */
export function lastReadRevision(): number | null {
  return readsOf().at(-1)?.revision ?? null;
}

/** When a change at `revision` was first seen, if a read before it was recorded too; null otherwise. */
export function seenAt(revision: number): number | null {
  const reads = readsOf();
  const index = reads.findIndex((r) => r.revision >= revision);
  if (index <= 0) return null;
  return reads[index]!.at;
}
