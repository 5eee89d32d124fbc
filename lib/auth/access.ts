// The one access decision for keys: what the current actor may read and write, as byte ranges.
// Every read (range, listing, stream, domain view) and every write asks here; nothing else decides.
import { ApiError } from '../api/errors';
import { type Actor, currentActor } from './context';

/** A half-open byte range [start, end); end null = to the end of the keyspace. */
export type KeyRange = { start: Buffer; end: Buffer | null };

/** The console's own keys (audit trail, tokens, sessions): readable by unscoped admins only. */
export const CONSOLE_PREFIX = Buffer.from('/_console/');

const EVERYTHING: KeyRange = { start: Buffer.alloc(0), end: null };

/** The first key that does not start with `prefix`, or null when every key does (empty or all 0xff). */
export function rangeEndOf(prefix: Buffer): Buffer | null {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i]! < 0xff) {
      end[i] = end[i]! + 1;
      return end.subarray(0, i + 1);
    }
  }
  return null;
}

export function prefixRange(prefix: Buffer): KeyRange {
  return { start: prefix, end: rangeEndOf(prefix) };
}

function endBefore(a: Buffer | null, b: Buffer | null): boolean {
  if (a === null) return false;
  if (b === null) return true;
  return Buffer.compare(a, b) < 0;
}

function minEnd(a: Buffer | null, b: Buffer | null): Buffer | null {
  return endBefore(a, b) ? a : b;
}

function maxStart(a: Buffer, b: Buffer): Buffer {
  return Buffer.compare(a, b) >= 0 ? a : b;
}

function isEmpty(r: KeyRange): boolean {
  return r.end !== null && Buffer.compare(r.start, r.end) >= 0;
}

/** Sorts and merges overlapping or touching ranges. */
function normalize(ranges: KeyRange[]): KeyRange[] {
  const sorted = ranges.filter((r) => !isEmpty(r)).sort((a, b) => Buffer.compare(a.start, b.start));
  const out: KeyRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && (last.end === null || Buffer.compare(r.start, last.end) <= 0)) {
      if (endBefore(last.end, r.end)) last.end = r.end;
    } else out.push({ start: r.start, end: r.end });
  }
  return out;
}

function intersect(a: KeyRange[], b: KeyRange[]): KeyRange[] {
  const out: KeyRange[] = [];
  for (const x of a) {
    for (const y of b) {
      const r = { start: maxStart(x.start, y.start), end: minEnd(x.end, y.end) };
      if (!isEmpty(r)) out.push(r);
    }
  }
  return normalize(out);
}

function subtract(ranges: KeyRange[], cut: KeyRange): KeyRange[] {
  const out: KeyRange[] = [];
  for (const r of ranges) {
    // The part before the cut, and the part after it.
    const before = { start: r.start, end: minEnd(r.end, cut.start) };
    if (!isEmpty(before)) out.push(before);
    if (cut.end !== null) {
      const after = { start: maxStart(r.start, cut.end), end: r.end };
      if (!isEmpty(after)) out.push(after);
    }
  }
  return normalize(out);
}

function scopeRanges(actor: Actor): KeyRange[] {
  if (actor.prefixes.length === 0) return [EVERYTHING];
  return normalize(actor.prefixes.map((p) => prefixRange(Buffer.from(p))));
}

/** What the actor may read; null = everything (internal work, unscoped admins). */
export function readableRanges(actor: Actor | null = currentActor()): KeyRange[] | null {
  if (!actor) return null;
  const etcd = actor.etcdRanges ? normalize(actor.etcdRanges) : null;
  if (actor.role === 'admin' && actor.prefixes.length === 0) return etcd;
  const scoped = etcd ? intersect(scopeRanges(actor), etcd) : scopeRanges(actor);
  return actor.role === 'admin' ? scoped : subtract(scoped, prefixRange(CONSOLE_PREFIX));
}

/** What the actor may change; null = everything (the key API refuses /_console/ on its own). */
export function writableRanges(actor: Actor | null = currentActor()): KeyRange[] | null {
  if (!actor || actor.prefixes.length === 0) return null;
  return scopeRanges(actor);
}

function contains(ranges: KeyRange[] | null, key: Buffer): boolean {
  if (ranges === null) return true;
  return ranges.some(
    (r) => Buffer.compare(key, r.start) >= 0 && (r.end === null || Buffer.compare(key, r.end) < 0),
  );
}

function asBytes(key: Buffer | string): Buffer {
  return typeof key === 'string' ? Buffer.from(key) : key;
}

export function mayReadKey(key: Buffer | string, actor: Actor | null = currentActor()): boolean {
  return contains(readableRanges(actor), asBytes(key));
}

export function mayWriteKey(key: Buffer | string, actor: Actor | null = currentActor()): boolean {
  return contains(writableRanges(actor), asBytes(key));
}

/** The same answer for "outside your scope" whatever is (or is not) stored there: no existence leaks. */
export function assertMayReadKey(key: Buffer | string): void {
  if (!mayReadKey(key)) {
    throw new ApiError('forbidden', 'That key is outside what your role may read.');
  }
}

export function assertMayWriteKey(key: Buffer | string): void {
  const actor = currentActor();
  if (!mayWriteKey(key, actor)) {
    throw new ApiError(
      'forbidden',
      `Your role lets you change keys under ${actor?.prefixes.join(', ')} only.`,
    );
  }
}

/** The readable parts of [start, end), in key order; end null = to the end of the keyspace. */
export function readableParts(start: Buffer, end: Buffer | null): KeyRange[] {
  const readable = readableRanges();
  const wanted = { start, end };
  if (readable === null) return [wanted];
  return intersect([wanted], readable);
}

/** Whether `ranges` hold the whole of `prefix`'s range. */
function coversPrefix(ranges: KeyRange[] | null, prefix: Buffer): boolean {
  if (ranges === null) return true;
  const wanted = prefixRange(prefix);
  return ranges.some((r) => Buffer.compare(r.start, wanted.start) <= 0 && !endBefore(r.end, wanted.end));
}

export type Coverage = 'all' | 'some' | 'none';

/** How much of a prefix the actor may read: all of it, parts of it, or nothing. */
export function prefixCoverage(prefix: Buffer | string, actor: Actor | null = currentActor()): Coverage {
  const readable = readableRanges(actor);
  const bytes = asBytes(prefix);
  if (coversPrefix(readable, bytes)) return 'all';
  return intersect([prefixRange(bytes)], readable ?? []).length > 0 ? 'some' : 'none';
}

/** The whole of a prefix is writable by the actor (a prefix delete, an import, a command group). */
export function mayWritePrefix(prefix: Buffer | string, actor: Actor | null = currentActor()): boolean {
  return coversPrefix(writableRanges(actor), asBytes(prefix));
}

export function assertMayWritePrefix(prefix: Buffer | string): void {
  if (!mayWritePrefix(prefix)) {
    throw new ApiError('forbidden', 'Part of that prefix is outside what your role may change.');
  }
}

/** The whole of a prefix is readable by the actor. */
export function mayReadPrefix(prefix: Buffer | string, actor: Actor | null = currentActor()): boolean {
  return coversPrefix(readableRanges(actor), asBytes(prefix));
}

/** Scopes that do not end in "/" also cover siblings ("/config/pay" covers "/config/payments-x/"). */
export function looseScopes(prefixes: string[]): string[] {
  return prefixes.filter((p) => !p.endsWith('/'));
}

/** A scope granted by an actor must lie within the actor's own (a scoped admin cannot mint a wider token). */
export function assertWithinOwnScope(prefixes: string[], actor: Actor | null = currentActor()): void {
  const own = writableRanges(actor);
  if (own === null) return;
  if (prefixes.length === 0) {
    throw new ApiError('forbidden', 'You may only grant prefixes inside your own scope: list at least one.');
  }
  for (const p of prefixes) {
    if (!coversPrefix(own, Buffer.from(p))) {
      throw new ApiError('forbidden', `The prefix ${JSON.stringify(p)} is outside your own scope.`);
    }
  }
}
