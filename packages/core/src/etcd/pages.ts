// Reads a whole prefix in pages, all at the revision of the first page, so a large registry stays under gRPC limits.
import { type IKeyValue, type Namespace, Range } from 'etcd3';

export const PAGE_SIZE = 1000;

/** Calls `visit` with each page of key-values in key order; returns the revision every page was read at. */
export async function forEachPage(
  kv: Namespace,
  prefix: string,
  visit: (kvs: IKeyValue[]) => void,
  pageSize = PAGE_SIZE,
): Promise<number> {
  const { end } = Range.prefix(prefix);
  return forEachPageInRange(kv, { start: Buffer.from(prefix), end }, visit, pageSize);
}

/**
 * The same over [start, end), at `pinned` when given (several ranges read at one revision), else at the first
 * page's revision; returns the revision read at.
 */
export async function forEachPageInRange(
  kv: Namespace,
  range: { start: Buffer; end: Buffer },
  visit: (kvs: IKeyValue[]) => void,
  pageSize = PAGE_SIZE,
  pinned?: number,
): Promise<number> {
  const { end } = range;
  let { start } = range;
  let revision = pinned;
  for (;;) {
    const builder = kv.getAll().inRange({ start, end }).limit(pageSize);
    if (revision !== undefined) builder.revision(revision);
    const res = await builder.exec();
    revision ??= Number(res.header.revision);
    visit(res.kvs);
    const last = res.kvs.at(-1);
    if (!res.more || !last) return revision;
    // The next page starts just after the last key read.
    start = Buffer.concat([last.key, Buffer.from([0])]);
  }
}

/** Every key-value under `prefix`, read consistently at one revision. */
export async function readPrefix(
  kv: Namespace,
  prefix: string,
): Promise<{ kvs: IKeyValue[]; revision: number }> {
  const kvs: IKeyValue[] = [];
  const revision = await forEachPage(kv, prefix, (page) => {
    kvs.push(...page);
  });
  return { kvs, revision };
}
