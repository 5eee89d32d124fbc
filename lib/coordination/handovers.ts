// Handovers from history: the state now is known exactly, so the events of the prefix are replayed backwards, each
// revision undone in turn, and every change of holder between two states is a handover. Going backwards needs no
// state from before the history window, so a compacted or truncated window still gives exact handovers within it.
import type { IEvent, IKeyValue } from 'etcd3';

export type HolderKind = 'recipe' | 'patroni';

export type RawHandover<T> = { revision: number; from: T | null; to: T | null };

function isDelete(event: IEvent): boolean {
  const type = event.type as unknown;
  return type === 'Delete' || type === 'DELETE' || type === 1;
}

/** The holder among live keys: lowest create revision (recipes); the leader key itself (Patroni). */
function holderOf(live: Map<string, IKeyValue>): IKeyValue | null {
  let best: IKeyValue | null = null;
  for (const kv of live.values()) {
    if (!best || Number(kv.create_revision) < Number(best.create_revision)) best = kv;
  }
  return best;
}

function identity(kind: HolderKind, kv: IKeyValue | null): string | null {
  if (!kv) return null;
  const tenure = `${kv.key.toString('latin1')}@${kv.create_revision}`;
  // Patroni's leader key can change hands in place (take_leader puts another member's name).
  return kind === 'patroni' ? `${tenure}:${kv.value.toString('latin1')}` : tenure;
}

/** Undoes one event: what the key was before it (absent, or its previous version). */
function undo(live: Map<string, IKeyValue>, event: IEvent): void {
  const key = event.kv.key.toString('latin1');
  if (!isDelete(event) && event.kv.create_revision === event.kv.mod_revision) live.delete(key);
  else if (event.prev_kv) live.set(key, event.prev_kv);
  else if (isDelete(event)) live.delete(key); // its earlier state was compacted: unknown, so left out
}

/**
 * Holder changes within `events` (oldest first, all of one prefix), newest first. `current` is every key of the
 * prefix at the revision the history ends at.
 */
export function replayHandovers(
  kind: HolderKind,
  current: IKeyValue[],
  events: IEvent[],
  limit: number,
): Array<RawHandover<IKeyValue>> {
  const live = new Map(current.map((kv) => [kv.key.toString('latin1'), kv]));
  const out: Array<RawHandover<IKeyValue>> = [];
  let i = events.length - 1;
  while (i >= 0 && out.length < limit) {
    const revision = Number(events[i]!.kv.mod_revision);
    const after = holderOf(live);
    // Every event of one revision (a transaction, a lease's expiry) is undone together.
    while (i >= 0 && Number(events[i]!.kv.mod_revision) === revision) undo(live, events[i--]!);
    const before = holderOf(live);
    if (identity(kind, before) !== identity(kind, after)) out.push({ revision, from: before, to: after });
  }
  return out;
}
