import 'server-only';
import { keyAfter, prefixEnd } from '@etcd-console/core/etcd';
// Reads everything under a prefix at one revision, page by page, never one oversized gRPC answer.
import type { IKeyValue } from 'etcd3';
import { range } from './range';

export const SCAN_PAGE = 500;

export async function* scanPrefix(
  prefix: Buffer,
  options: { revision?: number; keysOnly?: boolean; pageSize?: number } = {},
): AsyncGenerator<{ kvs: IKeyValue[]; revision: number }> {
  const end = prefix.length === 0 ? Buffer.alloc(0) : prefixEnd(prefix);
  let start = prefix;
  let revision = options.revision;
  let pageSize = options.pageSize ?? SCAN_PAGE;
  for (;;) {
    let res: Awaited<ReturnType<typeof range>>;
    try {
      res = await range({ start, end, limit: pageSize, revision, keysOnly: options.keysOnly });
    } catch (error) {
      // Big values: shrink the page rather than fail on gRPC's message size.
      if (pageSize > 1 && /RESOURCE_EXHAUSTED|larger than max/i.test(String((error as Error)?.message))) {
        pageSize = Math.max(1, Math.floor(pageSize / 4));
        continue;
      }
      throw error;
    }
    revision ??= res.revision;
    if (res.kvs.length > 0) yield { kvs: res.kvs, revision };
    const last = res.kvs[res.kvs.length - 1];
    if (!res.more || !last) return;
    start = keyAfter(last.key);
  }
}

/** Collects a whole prefix into a map keyed by base64 key (bounded by `max` keys and `maxBytes` of keys and values). */
export async function readPrefixMap(
  prefix: Buffer,
  revision: number | undefined,
  max: number,
  maxBytes = Number.POSITIVE_INFINITY,
): Promise<{ items: Map<string, IKeyValue>; revision: number; truncated: boolean }> {
  const items = new Map<string, IKeyValue>();
  let seen = revision ?? 0;
  let bytes = 0;
  for await (const page of scanPrefix(prefix, { revision })) {
    seen = page.revision;
    for (const kv of page.kvs) {
      bytes += kv.key.length + kv.value.length;
      if (items.size >= max || bytes > maxBytes) return { items, revision: seen, truncated: true };
      items.set(kv.key.toString('base64'), kv);
    }
  }
  if (seen === 0) seen = (await range({ start: prefix, keysOnly: true, limit: 1 })).revision;
  return { items, revision: seen, truncated: false };
}
