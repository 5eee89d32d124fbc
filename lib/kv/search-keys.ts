import 'server-only';
import { keyAfter, prefixEnd } from '@etcd-console/core/etcd';
import type { z } from 'zod';
import { decodeCursor, encodeCursor } from './cursor';
import { type KvItem, toItem } from './item';
import { range } from './range';
import type { searchQuery } from './schemas';

export type SearchPage = { matches: KvItem[]; scanned: number; nextCursor: string | null; revision: number };

/** Substring search within a prefix, one bounded page per call; the client loops, shows progress, can stop. */
export async function searchKeys(query: z.infer<typeof searchQuery>): Promise<SearchPage> {
  const prefix = Buffer.from(query.prefix);
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  const start = cursor ? keyAfter(cursor.after) : prefix;
  const end = prefix.length === 0 ? Buffer.alloc(0) : prefixEnd(prefix);
  const needle = Buffer.from(query.contains);
  const withValues = query.in !== 'key';
  const res = await range({
    start,
    end,
    limit: query.scan,
    revision: cursor?.revision ?? query.revision,
    keysOnly: !withValues,
  });
  const matches = res.kvs
    .filter(
      (kv) => (query.in !== 'value' && kv.key.includes(needle)) || (withValues && kv.value.includes(needle)),
    )
    .slice(0, 200)
    .map((kv) => toItem(kv, false));
  const revision = cursor?.revision ?? query.revision ?? res.revision;
  const last = res.kvs[res.kvs.length - 1];
  return {
    matches,
    scanned: res.kvs.length,
    nextCursor: res.more && last ? encodeCursor({ after: last.key, revision }) : null,
    revision,
  };
}
