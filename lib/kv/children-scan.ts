// Finds the immediate children of a prefix, one page at a time, with range probes whose cost is bounded by the keys
// they hold. Pure: the caller supplies the probe (one round of range reads at one revision), so the console, its
// tests and the measurement script run the same search. Why it is shaped like this: docs/architecture.md,
// "Children at any fan-out".
//
// etcd 3.4 counts every key of a requested range, whatever the limit, so a read costs what its range holds. The
// search therefore never reads "from here to the end of the prefix": it splits the key space after the last child
// found into ranges by byte value, level by level (the names that differ from it at its last byte first, then at the
// byte before, …), reads many such ranges in one round, and learns each range's first key (a child) and count.

/** A range read: keys only, at most `limit` of them, and how many keys the range holds. end null = no end. */
export type ProbeOp = { start: Buffer; end: Buffer | null; limit: number };
export type ProbeResult = { keys: Buffer[]; count: number; more: boolean };
/** Reads every op at one revision (undefined = now) and answers in the same order. */
export type Probe = (
  ops: ProbeOp[],
  revision: number | undefined,
) => Promise<{ results: ProbeResult[]; revision: number }>;

export type FoundChild = { name: Buffer; leaf: boolean; dir: boolean };
/** rounds: probe calls; ops: range reads asked for; walked: keys etcd counted to answer them. */
export type ScanStats = { rounds: number; ops: number; walked: number };
export type ScanResult = {
  children: FoundChild[];
  /** More children follow the last one returned. */
  more: boolean;
  /** Where the last two children differ (a byte index into their names): a hint for the next page. */
  hint: number | null;
  selfIsKey: boolean;
  revision: number;
  stats: ScanStats;
};

export type ScanArgs = {
  prefix: Buffer;
  delimiter: Buffer;
  /** The last child of the previous page (its name, without the prefix); null for the first page. */
  after: Buffer | null;
  /** The previous page's hint: where its last children differed. */
  hint?: number | null;
  limit: number;
  revision?: number;
  probe: Probe;
};

/** A region known to hold this few keys is read whole (keys only) instead of probed. */
const FETCH_MAX = 256;
/** A region this small, whose names' shape is not known yet, is first read whole to learn where they differ. */
const SPAN_MAX = 4_096;
/** A region known to hold at most this many keys may be probed beside the frontier, out of key order. */
const CHEAP = 32_768;
/** What the out-of-order regions of one round may walk, by their known bounds. */
const ROUND_BUDGET = 262_144;
/** Keys one region's ranges should walk per round: its range count grows while it walks less. */
const UNIT_BUDGET = 262_144;
const MAX_UNITS = 256;
/** Ranges a large region reads in its first round at a level. */
const FIRST_UNITS = 2;
const MAX_ROUND_OPS = 512;

// --- byte arithmetic ---------------------------------------------------------------------------------------

const cmp = (a: Buffer, b: Buffer) => Buffer.compare(a, b);
const ZERO = Buffer.from([0]);
/** The smallest key after `key`. */
const keyAfter = (key: Buffer) => Buffer.concat([key, ZERO]);

/** a < b, where null is past every key. */
function endBefore(a: Buffer | null, b: Buffer | null): boolean {
  if (a === null) return false;
  if (b === null) return true;
  return cmp(a, b) < 0;
}

function minEnd(a: Buffer | null, b: Buffer | null): Buffer | null {
  return endBefore(a, b) ? a : b;
}

/** The first key after every key that starts with `b`; null when there is none (b empty or all 0xff). */
export function blockEnd(b: Buffer): Buffer | null {
  for (let i = b.length - 1; i >= 0; i--) {
    if (b[i]! < 0xff) {
      const end = Buffer.from(b.subarray(0, i + 1));
      end[i] = end[i]! + 1;
      return end;
    }
  }
  return null;
}

/** base + x, where x = 256 means the end of base's block. */
function withByte(base: Buffer, x: number): Buffer | null {
  return x >= 256 ? blockEnd(base) : Buffer.concat([base, Buffer.from([x])]);
}

function lcp(a: Buffer, b: Buffer): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

/** How many leading bytes every key of [a, b) shares with a. */
function sharedLength(a: Buffer, b: Buffer | null): number {
  // Every key of [a, b) starts with a[0..i) exactly when b <= the end of that block.
  let i = b === null ? 0 : lcp(a, b);
  while (i < a.length && !endBefore(blockEnd(a.subarray(0, i + 1)), b)) i++;
  return i;
}

// --- ranges to probe -----------------------------------------------------------------------------------------

/**
 * A range read in one probe. `level`: the byte position its keys are told apart at (it holds every key with one
 * byte value there when `single`); `childrenOf`: it holds that name's own key and children (and names between).
 */
type Unit = { start: Buffer; end: Buffer | null; level: number; single: boolean; childrenOf?: Buffer };

/** The first byte of a name on a first page: common name bytes get a probe each, the rest share a few. */
const FIRST_BYTE_GROUPS: Array<[number, number]> = (() => {
  const single = (x: number) =>
    (x >= 0x2d && x <= 0x39) || (x >= 0x41 && x <= 0x5a) || x === 0x5f || (x >= 0x61 && x <= 0x7a);
  const groups: Array<[number, number]> = [];
  for (let x = 0; x < 256; ) {
    let to = x + 1;
    if (!single(x)) while (to < 256 && !single(to)) to++;
    groups.push([x, to]);
    x = to;
  }
  return groups;
})();

function descendUnits(s: Buffer): Unit[] {
  const out: Unit[] = [];
  if (s.length > 0) out.push({ start: s, end: keyAfter(s), level: s.length, single: false });
  for (const [lo, hi] of FIRST_BYTE_GROUPS) {
    const start = s.length === 0 && lo === 0 ? ZERO : withByte(s, lo)!;
    out.push({ start, end: withByte(s, hi), level: s.length, single: hi - lo === 1 });
  }
  return out;
}

/**
 * Units of byte values [lo, hi) after base: one per byte value names are made of (`alphabet`), one per run of the
 * others (usually empty; a non-empty one teaches the alphabet its first key's bytes).
 */
function levelUnits(
  base: Buffer,
  lo: number,
  hi: number,
  alphabet: Uint8Array,
  out: Unit[],
  max: number,
): void {
  let x = lo;
  while (x < hi && out.length < max) {
    let to = x + 1;
    if (!alphabet[x]) while (to < hi && !alphabet[to]) to++;
    out.push({
      start: withByte(base, x)!,
      end: withByte(base, to),
      level: base.length,
      single: to - x === 1,
    });
    x = to;
  }
}

/**
 * The next units of a region in key order: one range for everything deeper than its focus (names sharing more
 * bytes with its start), then the byte values at the focus level, then (when climbing) coarser levels. A region
 * that `continues` a level starts at its last byte's value instead (the rest of a level read in part).
 */
function regionUnits(
  s: Buffer,
  e: Buffer | null,
  focus: number,
  max: number,
  climb: boolean,
  continues: boolean,
  alphabet: Uint8Array,
): Unit[] {
  const out: Unit[] = [];
  const f = continues ? s.length - 1 : Math.min(focus, s.length - 1);
  if (!continues) {
    const deepEnd = minEnd(e, f >= 0 ? blockEnd(s.subarray(0, f + 1)) : null);
    out.push({ start: s, end: deepEnd, level: f, single: false });
    if (deepEnd === null || !endBefore(deepEnd, e)) return out;
  }
  let levels = 0;
  for (let j = f; j >= 0 && out.length < max; j--) {
    const base = s.subarray(0, j);
    const ends = e !== null && e.length > j && e.subarray(0, j).equals(base);
    const lo = j === f && continues ? s[j]! : s[j]! + 1;
    const hi = ends ? e![j]! : 256;
    if (lo < hi) {
      if (levels > 0 && !climb) break;
      levels++;
      levelUnits(base, lo, hi, alphabet, out, max);
    }
    if (ends) {
      if (out.length < max) rightSide(Buffer.concat([base, Buffer.from([e![j]!])]), e!, out, max);
      break;
    }
  }
  return out;
}

/** Units covering [b, e) where b is a proper prefix of e (a region that stops where a child's keys begin). */
function rightSide(b: Buffer, e: Buffer, out: Unit[], max: number): void {
  let base = b;
  while (base.length < e.length && out.length < max) {
    // base itself and the blocks of base+0 … base+(stop-1).
    const stop = e[base.length]!;
    out.push({ start: base, end: withByte(base, stop), level: base.length, single: false });
    base = Buffer.concat([base, Buffer.from([stop])]);
  }
}

// --- the search --------------------------------------------------------------------------------------------

/** A key range not yet accounted for. */
type Region = {
  start: Buffer;
  end: Buffer | null;
  /** At most this many keys (Infinity: unknown). */
  bound: number;
  /** Holds only names that extend the name it follows: read whole, it is usually empty. */
  ext: boolean;
  /** The name it follows, and the byte position from which the names in it can differ from that name. */
  prev: Buffer | null;
  minFocus: number;
  /** Where that name differed from the one before it (a byte index into names): likely where the next one does. */
  div: number | null;
  /** Set once probed: the levels up to this byte position are read byte by byte, deeper ones as one range. */
  focus: number | null;
  /** The rest of a level read in part: it continues at its last byte's value. */
  continues: boolean;
  /** Units to read in its next round; whether its level so far held a child; whether the level before was empty
   * (then it may climb several levels in a round). */
  units: number;
  found: boolean;
  climbing: boolean;
  /** The whole prefix on a first page: split by the first byte of the names at once. */
  descend: boolean;
};

type Known = {
  name: Buffer;
  leaf: boolean;
  /** undefined until known. */
  dir: boolean | undefined;
  /** The smallest key this name was seen through (or, when a longer name revealed it, that name's). */
  eff: Buffer;
  /** Shorter names whose children sort among this name's keys: asked about before this name is placed. */
  waiting: string[];
};

type Op = ProbeOp & { apply: (result: ProbeResult) => void };

export async function scanChildren(args: ScanArgs): Promise<ScanResult> {
  const { prefix: P, delimiter: d, limit } = args;
  const T = P.length === 0 ? null : blockEnd(P);
  const stats: ScanStats = { rounds: 0, ops: 0, walked: 0 };
  const known = new Map<string, Known>();
  /** Shorter names asked about for the order of the names that extend them: has children (undefined: asking). */
  const shorter = new Map<string, boolean | undefined>();
  /** Every range read so far (by start) and its first key: a later question it answers is not asked again. */
  const seen: Array<{ start: Buffer; end: Buffer | null; first: Buffer | undefined }> = [];
  /** Byte values the names seen are made of (and digits): they get a probe each at every level. */
  const alphabet = new Uint8Array(256);
  for (let x = 0x30; x <= 0x39; x++) alphabet[x] = 1;
  let revision = args.revision;
  let selfIsKey = false;
  // A first page reads the prefix's own key with its first probes.
  let selfKnown = P.length === 0 || args.after === null;
  let newHoles: Buffer[] = [];
  let idle = 0;
  /** Keys under the children counted so far, to guess how many children a region of known size holds. */
  let sampledKeys = 0;
  let sampledChildren = 0;

  const full = (name: Buffer) => Buffer.concat([P, name]);
  const holeStart = (name: Buffer) => Buffer.concat([P, name, d]);
  /**
   * Whether keys starting with P+name+d are name's children: not when name ends with the start of a longer
   * delimiter ("a:" with "::": "a:::c" is a child of "a").
   */
  const canHaveChildren = (name: Buffer) => Buffer.concat([name, d]).indexOf(d) === name.length;
  /** The child a key belongs to. */
  const nameOf = (key: Buffer) => {
    const rest = key.subarray(P.length);
    const at = rest.indexOf(d);
    return at === -1 ? rest : rest.subarray(0, at);
  };
  const id = (name: Buffer) => name.toString('latin1');
  const nonEmpty = (r: { start: Buffer; end: Buffer | null }) => r.end === null || cmp(r.start, r.end) < 0;
  const region = (start: Buffer, end: Buffer | null, extra: Partial<Region> = {}): Region => ({
    start,
    end,
    bound: Infinity,
    ext: false,
    prev: null,
    minFocus: start.length - 1,
    div: null,
    focus: null,
    continues: false,
    units: extra.bound !== undefined && extra.bound <= CHEAP ? MAX_UNITS : FIRST_UNITS,
    found: false,
    climbing: false,
    descend: false,
    ...extra,
  });

  let regions: Region[] = [];
  if (args.after === null) {
    regions.push(region(P, T, { descend: true }));
  } else {
    // Names after the cursor's: those extending it below the delimiter, then everything past its children.
    const A = args.after;
    const own = full(A);
    const past = blockEnd(holeStart(A));
    for (const x of A) alphabet[x] = 1;
    if (canHaveChildren(A)) {
      regions.push(region(keyAfter(own), holeStart(A), { ext: true, prev: A, minFocus: own.length }));
      if (past !== null)
        regions.push(region(past, T, { prev: A, minFocus: P.length, div: args.hint ?? null }));
    } else regions.push(region(keyAfter(own), T, { prev: A, minFocus: P.length, div: args.hint ?? null }));
    // Shorter names sort before A, yet their children can follow A's keys ("a/…" after "a-b"): not this page's.
    for (let i = 0; i < A.length; i++) {
      if (cmp(d, A.subarray(i)) <= 0 || !canHaveChildren(A.subarray(0, i))) continue;
      const hs = holeStart(A.subarray(0, i));
      regions = regions.flatMap((r) => cut(r, hs, blockEnd(hs), P.length + i - 1));
    }
    regions = regions.filter(nonEmpty);
  }

  /** Shorter names m whose children (P+m+d…) sort after P+name: they come first by name, so they are asked. */
  const shorterOf = (name: Buffer): string[] => {
    const out: string[] = [];
    for (let i = 0; i < name.length; i++) {
      const m = name.subarray(0, i);
      if (args.after !== null && cmp(m, args.after) <= 0) continue;
      if (cmp(d, name.subarray(i)) > 0 && canHaveChildren(m)) out.push(id(m));
    }
    return out;
  };

  const learn = (name: Buffer, key: Buffer, how: 'leaf' | 'dir'): Known => {
    let k = known.get(id(name));
    if (!k) {
      k = { name: Buffer.from(name), leaf: false, dir: undefined, eff: key, waiting: shorterOf(name) };
      for (const m of k.waiting) if (!shorter.has(m)) shorter.set(m, undefined);
      for (const x of name) alphabet[x] = 1;
      known.set(id(name), k);
      if (canHaveChildren(name)) newHoles.push(k.name);
      else k.dir = false;
    } else if (cmp(key, k.eff) < 0) k.eff = key;
    if (how === 'leaf') k.leaf = true;
    else k.dir = true;
    return k;
  };

  /** What the reads so far tell of [start, end): its first key, null when empty, undefined when unknown. */
  const recall = (start: Buffer, end: Buffer | null): Buffer | null | undefined => {
    // The reads starting at or before `start`, nearest first (reads mostly tile the key space: a few suffice).
    let lo = 0;
    let hi = seen.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cmp(seen[mid]!.start, start) <= 0) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo - 1; i >= 0 && i >= lo - 8; i--) {
      const s = seen[i]!;
      if (s.first !== undefined && cmp(s.first, start) >= 0 && endBefore(s.first, end)) return s.first;
      if (!endBefore(s.end, end) && (s.first === undefined || !endBefore(s.first, end))) return null;
    }
    return undefined;
  };

  /** Accounts for the first key of a probed range: its child, and the part of the range left after that child. */
  const accountFirst = (op: ProbeOp, result: ProbeResult, from: Region): Region[] => {
    const key = result.keys[0];
    if (!key) return [];
    const bound = result.count - 1;
    const rest = key.subarray(P.length);
    if (rest.length === 0) {
      selfIsKey = true;
      selfKnown = true;
      return [region(keyAfter(key), op.end, { bound })].filter(nonEmpty);
    }
    const at = rest.indexOf(d);
    const name = at === -1 ? rest : rest.subarray(0, at);
    const div = from.prev !== null && cmp(name, from.prev) > 0 ? lcp(from.prev, name) : from.div;
    const own = full(name);
    const childless = !canHaveChildren(name);
    const he = blockEnd(holeStart(name));
    const next = (start: Buffer, end: Buffer | null) =>
      region(start, end, {
        bound,
        prev: name,
        div,
        minFocus: sharedLength(op.start, op.end),
        ext: !endBefore(blockEnd(own), end),
      });
    const out: Region[] = [];
    if (at === -1) {
      const k = learn(name, key, 'leaf');
      if (result.count === 1) {
        // The range held this one key: nothing after it, and no children when they would lie inside it.
        if (he !== null && !endBefore(op.end, he)) k.dir ??= false;
        return [];
      }
      if (childless) out.push(next(keyAfter(key), op.end));
      else {
        out.push(next(keyAfter(key), minEnd(op.end, holeStart(name))));
        if (he !== null && endBefore(he, op.end)) out.push(next(he, op.end));
      }
    } else {
      learn(name, key, 'dir');
      if (result.count > 1 && he !== null && endBefore(he, op.end)) out.push(next(he, op.end));
    }
    return out.filter(nonEmpty);
  };

  /** Every key of a small region: its children, complete unless a leaf's children lie outside it. */
  const accountAll = (r: Region, keys: Buffer[]) => {
    const leaves: Known[] = [];
    for (const key of keys) {
      const rest = key.subarray(P.length);
      if (rest.length === 0) {
        selfIsKey = true;
        selfKnown = true;
        continue;
      }
      const at = rest.indexOf(d);
      const k = learn(at === -1 ? rest : rest.subarray(0, at), key, at === -1 ? 'leaf' : 'dir');
      if (at === -1) leaves.push(k);
    }
    for (const k of leaves) {
      const he = blockEnd(holeStart(k.name));
      if (k.dir === undefined && he !== null && !endBefore(r.end, he)) k.dir = false;
    }
  };

  /**
   * A unit holding every key that starts with q, read in two parts: q, the names before q+d and q's children; then
   * the names after them. When q is itself a child (names of one length side by side) that settles it at once.
   */
  const byName = (unit: Unit): Unit[] => {
    const q = unit.start;
    const name = q.subarray(P.length);
    if (name.length === 0 || name.includes(d) || !canHaveChildren(name)) return [unit];
    const he = blockEnd(Buffer.concat([q, d]));
    if (he === null || !endBefore(he, unit.end)) return [unit];
    return [
      { ...unit, end: he, childrenOf: Buffer.from(name) },
      { ...unit, start: he },
    ];
  };

  /** This round's reads for one region; what they leave unaccounted for goes to `later`. */
  const plan = (r: Region, need: number, ops: Op[], later: Region[]) => {
    if (r.bound <= FETCH_MAX) {
      ops.push({
        start: r.start,
        end: r.end,
        limit: FETCH_MAX + 1,
        apply: (res) => {
          if (res.more) later.push(...accountFirst({ start: r.start, end: r.end, limit: 1 }, res, r));
          else accountAll(r, res.keys);
        },
      });
      return;
    }
    let units: Unit[];
    let probed = r;
    if (r.descend) units = descendUnits(r.start);
    else if (r.ext || (r.focus === null && r.div === null && r.bound <= SPAN_MAX)) {
      // Read whole: an extension region is usually empty; a small one tells where its names differ.
      units = [{ start: r.start, end: r.end, level: -1, single: false }];
    } else {
      const prevEnd = r.prev === null ? r.start.length : P.length + r.prev.length;
      const guess = r.div === null ? prevEnd - 1 : P.length + r.div;
      const focus = r.focus ?? Math.max(r.minFocus, Math.min(guess, prevEnd - 1));
      probed = { ...r, focus };
      // A large region reads no more units than the page still needs (each non-empty one holds a child), unless
      // it is climbing past empty levels.
      const max = Math.max(1, r.bound <= CHEAP || r.climbing ? r.units : Math.min(r.units, need));
      units = regionUnits(r.start, r.end, focus, max, r.climbing, r.continues, alphabet);
    }
    const last = units[units.length - 1]!;
    const restStart = last.end;
    // A unit one byte value wide whose name would be as long as the one before: it may be exactly a child.
    const sibling = (u: Unit) => u.single && r.prev !== null && u.start.length === P.length + r.prev.length;
    const parts = r.descend ? units : units.flatMap((u) => (sibling(u) ? byName(u) : [u]));
    let walked = 0;
    let any = false;
    let answered = 0;
    for (const part of parts) {
      const op: ProbeOp = { start: part.start, end: part.end, limit: 1 };
      ops.push({
        ...op,
        apply: (res) => {
          walked += res.count;
          if (res.count > 0) any = true;
          later.push(...accountFirst(op, res, probed));
          const first = res.keys[0];
          if (part.childrenOf && first && nameOf(first).equals(part.childrenOf)) {
            // The part held that child's keys (and rarely a longer name's): a sample of keys per child.
            sampledKeys += res.count;
            sampledChildren++;
          }
          if (++answered < parts.length || restStart === null || !endBefore(restStart, r.end)) return;
          // Where the last unit stopped inside a level, the rest goes on at that level; else it starts the next
          // coarser one, whose ranges hold more keys each: a large region starts it with few, unless climbing past
          // empty levels.
          const continues = restStart.length === last.level + 1;
          const found = r.found || any;
          const bound = r.bound - walked;
          later.push({
            ...probed,
            bound,
            start: restStart,
            continues,
            descend: false,
            ext: false,
            found: continues && found,
            climbing: !found,
            units: continues || !found || bound <= CHEAP ? grow(r.units, walked) : FIRST_UNITS,
          });
        },
      });
    }
  };

  for (;;) {
    // Settled names: seen before the first unaccounted key, with their children and shorter names known.
    const frontier = regions[0]?.start ?? null;
    const beforeFrontier = (key: Buffer) => frontier === null || cmp(key, frontier) < 0;
    const settled = (k: Known) =>
      k.dir !== undefined &&
      beforeFrontier(full(k.name)) &&
      k.waiting.every((m) => shorter.get(m) !== undefined);
    const head = [...known.values()]
      .filter((k) => beforeFrontier(k.eff))
      .sort((a, b) => cmp(a.name, b.name))
      .slice(0, limit + 1);
    if (selfKnown && head.every(settled) && (head.length > limit || regions.length === 0)) {
      const children = head.slice(0, limit).map((k) => ({ name: k.name, leaf: k.leaf, dir: k.dir === true }));
      const names = [...(args.after === null ? [] : [args.after]), ...children.map((c) => c.name)];
      return {
        children,
        more: head.length > limit,
        hint:
          names.length > 1 ? lcp(names[names.length - 2]!, names[names.length - 1]!) : (args.hint ?? null),
        selfIsKey,
        revision: revision ?? 0,
        stats,
      };
    }

    const ops: Op[] = [];
    if (!selfKnown) {
      ops.push({
        start: P,
        end: keyAfter(P),
        limit: 1,
        apply: (res) => {
          selfIsKey = res.count > 0;
          selfKnown = true;
        },
      });
    }

    // Children of leaves, and shorter names that sort first: asked for the names that make the page so far.
    const asked = new Set<string>();
    const askChildren = (name: Buffer, apply: (first: Buffer | undefined) => void) => {
      if (asked.has(id(name))) return;
      const start = holeStart(name);
      const end = blockEnd(start);
      const answer = recall(start, end);
      if (answer !== undefined) {
        apply(answer ?? undefined);
        return;
      }
      asked.add(id(name));
      ops.push({ start, end, limit: 1, apply: (res) => apply(res.keys[0]) });
    };
    for (const k of head) {
      if (k.dir === undefined) {
        askChildren(k.name, (first) => {
          k.dir ??= first !== undefined;
        });
      }
      for (const m of k.waiting) {
        if (shorter.get(m) !== undefined) continue;
        const other = known.get(m);
        if (other?.dir !== undefined) {
          shorter.set(m, other.dir);
          if (other.dir && cmp(k.eff, other.eff) < 0) other.eff = k.eff;
          continue;
        }
        const name = Buffer.from(m, 'latin1');
        askChildren(name, (first) => {
          shorter.set(m, first !== undefined);
          if (first === undefined) return;
          const o = learn(name, first, 'dir');
          if (cmp(k.eff, o.eff) < 0) o.eff = k.eff;
        });
      }
    }

    // Regions in key order: the frontier always, later ones while they are cheap and may still make the page.
    const later: Region[] = [];
    const effs = [...known.values()].map((k) => k.eff).sort(cmp);
    const keysPerChild = sampledChildren > 0 ? Math.max(1, sampledKeys / sampledChildren) : Infinity;
    let spent = 0;
    let before = 0;
    let expected = 0;
    let sized = true;
    for (let i = 0; i < regions.length; i++) {
      const r = regions[i]!;
      while (before < effs.length && cmp(effs[before]!, r.start) < 0) before++;
      // Children known before this region, and those the regions before it probably hold.
      const need = limit + 1 - before - Math.floor(expected);
      const cost = Math.min(r.bound, CHEAP);
      // A large region may be read out of turn only when the regions before it, all of known size, are not
      // likely to fill the page.
      const small = r.bound <= CHEAP || r.ext || (sized && Number.isFinite(keysPerChild));
      const take =
        i === 0 ||
        (args.after !== null && stats.rounds === 0) ||
        (ops.length < MAX_ROUND_OPS && need > 0 && small && spent + cost <= ROUND_BUDGET);
      // (A region of names extending the one before it is usually empty: it is not counted.)
      if (!Number.isFinite(r.bound)) sized = false;
      else if (!r.ext) expected += r.bound / keysPerChild;
      if (!take) {
        later.push(r);
        continue;
      }
      if (i > 0) spent += cost;
      plan(r, Math.max(1, need), ops, later);
    }
    if (ops.length === 0) {
      // Every question was answered by earlier reads: look again at what is settled.
      if (idle++ > 0) throw new Error('children scan made no progress');
      regions = later;
      continue;
    }
    idle = 0;

    const { results, revision: at } = await args.probe(
      ops.map(({ start, end, limit: n }) => ({ start, end, limit: n })),
      revision,
    );
    revision ??= at;
    stats.rounds++;
    stats.ops += ops.length;
    newHoles = [];
    ops.forEach((op, i) => {
      const res = results[i]!;
      stats.walked += res.count;
      seen.push({ start: op.start, end: op.end, first: res.keys[0] });
      op.apply(res);
    });
    seen.sort((a, b) => cmp(a.start, b.start));
    // Keys under a known child's delimiter belong to it: no region reads them again.
    regions = later;
    for (const name of newHoles) {
      const hs = holeStart(name);
      const he = blockEnd(hs);
      const focus = full(name).length - 1;
      regions = regions.flatMap((r) => cut(r, hs, he, focus));
    }
    regions = regions.filter(nonEmpty).sort((a, b) => cmp(a.start, b.start));
  }
}

/** The parts of a region outside [hs, he); a part after it starts anew at the child's last byte. */
function cut(region: Region, hs: Buffer, he: Buffer | null, focus: number): Region[] {
  if (!endBefore(hs, region.end) || (he !== null && cmp(region.start, he) >= 0)) return [region];
  const out: Region[] = [];
  if (cmp(region.start, hs) < 0) out.push({ ...region, end: hs });
  if (he !== null && endBefore(he, region.end)) {
    const start = cmp(region.start, he) > 0 ? region.start : he;
    out.push({
      ...region,
      start,
      descend: false,
      continues: false,
      focus: region.focus === null ? null : focus,
    });
  }
  return out;
}

function grow(units: number, walked: number): number {
  if (walked < UNIT_BUDGET / 16) return Math.min(MAX_UNITS, units * 8);
  if (walked < UNIT_BUDGET / 2) return Math.min(MAX_UNITS, units * 2);
  return units;
}
