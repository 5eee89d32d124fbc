import 'server-only';
import { forEachPageInRange } from '@etcd-console/core/etcd';
// Paged reads of a prefix on behalf of the current actor: only its readable parts are asked of etcd (lib/auth/access).
import type { IKeyValue, Namespace } from 'etcd3';
import { type KeyRange, prefixRange, rangeEndOf, readableParts } from '../auth/access';

/** "\0": the first key there is as a start; as a range end, "to the end of the (namespaced) keyspace". */
const ZERO = Buffer.from([0]);

function bounds(range: KeyRange): { start: Buffer; end: Buffer } {
  return { start: range.start.length === 0 ? ZERO : range.start, end: range.end ?? ZERO };
}

/** The readable parts of `prefix`, in key order: the whole prefix for actors who may read everything. */
export function readablePartsOf(prefix: string): KeyRange[] {
  const whole = prefixRange(Buffer.from(prefix));
  return readableParts(whole.start, whole.end);
}

/**
 * The readable parts of `prefix` as absolute etcd byte ranges under the root namespace `root`, for reads on the raw
 * client; an end of "\0" means to the end of the keyspace (there is no namespace then).
 */
export function absoluteReadableParts(root: string, prefix: string): Array<{ start: Buffer; end: Buffer }> {
  const ns = Buffer.from(root);
  return readablePartsOf(prefix).map((part) => absoluteRange(ns, part));
}

export function absoluteRange(ns: Buffer, range: KeyRange): { start: Buffer; end: Buffer } {
  const start = Buffer.concat([ns, range.start]);
  let end: Buffer = ZERO;
  if (range.end) end = Buffer.concat([ns, range.end]);
  else if (ns.length > 0) end = rangeEndOf(ns) ?? ZERO;
  return { start: start.length > 0 ? start : ZERO, end };
}

/**
 * Calls `visit` with each page of the keys under `prefix` the current actor may read, in key order, every page read
 * at the revision of the first; returns that revision. For an actor who may read everything this is exactly one
 * paged read of the prefix; for a scoped one, one per readable part, so nothing outside is even fetched.
 */
export async function forEachReadablePage(
  kv: Namespace,
  prefix: string,
  visit: (kvs: IKeyValue[]) => void,
  pageSize: number,
): Promise<number> {
  let revision: number | undefined;
  for (const part of readablePartsOf(prefix)) {
    revision = await forEachPageInRange(kv, bounds(part), visit, pageSize, revision);
  }
  // Nothing readable: the revision still comes from etcd (the value read is dropped).
  return revision ?? Number((await kv.get(prefix).exec()).header.revision);
}

/** Every readable key-value under `prefix` that `keep` accepts, read at one revision. */
export async function readReadablePrefix(
  kv: Namespace,
  prefix: string,
  pageSize: number,
  keep: (key: string) => boolean = () => true,
): Promise<{ kvs: IKeyValue[]; revision: number }> {
  const kvs: IKeyValue[] = [];
  const revision = await forEachReadablePage(
    kv,
    prefix,
    (page) => {
      for (const item of page) if (keep(item.key.toString())) kvs.push(item);
    },
    pageSize,
  );
  return { kvs, revision };
}

/** How many keys under `prefix` the current actor may read (one count_only range per readable part). */
export async function countReadable(kv: Namespace, prefix: string): Promise<number> {
  const counts = await Promise.all(
    readablePartsOf(prefix).map((part) => kv.getAll().inRange(bounds(part)).count()),
  );
  return counts.reduce((sum, n) => sum + n, 0);
}
