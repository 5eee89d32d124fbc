// Rendezvous (highest random weight) hashing: every process ranks the live workers for a command the same way, so
// competing workers prefer different commands instead of racing for the same ones. A hint, never a lock.

export type Member = {
  id: string;
  /** The registered capacity: a worker running 4 at once is preferred for twice the commands of one running 2. */
  weight: number;
  /** The command types it runs; null: any. */
  types: ReadonlySet<string> | null;
};

const FNV_OFFSET = 0x811c9dc5;

/** FNV-1a over the UTF-16 code units, continuing from `state` (so a shared prefix is hashed once). */
function fnv1a(state: number, text: string): number {
  let h = state;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
}

/** murmur3's finaliser, so similar strings spread over all 32 bits. */
function finish(state: number): number {
  let h = Math.imul(state ^ (state >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export function hash32(text: string): number {
  return finish(fnv1a(FNV_OFFSET, text));
}

/** Weighted rendezvous score of hash32(`<commandId>\n<workerId>`) (the logarithmic method): higher wins. */
function score(commandState: number, member: Member): number {
  const unit = (finish(fnv1a(commandState, member.id)) + 0.5) / 2 ** 32;
  return Math.max(member.weight, 1) / -Math.log(unit);
}

export function rendezvousScore(commandId: string, member: Member): number {
  return score(fnv1a(FNV_OFFSET, `${commandId}\n`), member);
}

/**
 * Where `self` stands among the members able to run `type` for this command: 1 when it is the first choice,
 * 2 when one other member comes before it, and so on. Ties go to the smaller id.
 */
export function rendezvousRank(
  commandId: string,
  type: string,
  self: Member,
  members: readonly Member[],
): number {
  const state = fnv1a(FNV_OFFSET, `${commandId}\n`);
  const own = score(state, self);
  let rank = 1;
  for (const member of members) {
    if (member.id === self.id || (member.types && !member.types.has(type))) continue;
    const other = score(state, member);
    if (other > own || (other === own && member.id < self.id)) rank++;
  }
  return rank;
}
