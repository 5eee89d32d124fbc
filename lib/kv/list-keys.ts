import 'server-only';
import { keyAfter, prefixEnd } from '@etcd-console/core/etcd';
import type { z } from 'zod';
import { ApiError } from '../api/errors';
import { decodeCursor, encodeCursor } from './cursor';
import { itemSize, type KvItem, toItem } from './item';
import { keyBytes } from './key-param';
import { range } from './range';
import type { listQuery } from './schemas';

/** No listing response grows past this, whatever the values weigh. */
export const RESPONSE_BUDGET_BYTES = 1024 * 1024;

export type KeyPage = { items: KvItem[]; revision: number; nextCursor: string | null };

/** One page of a listing; every page of one listing is read at the first page's revision. */
export async function listKeys(query: z.infer<typeof listQuery>): Promise<KeyPage> {
  const prefix = keyBytes(query.prefix, query.prefixEncoding, 'prefix');
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  if (cursor && !cursor.after.subarray(0, prefix.length).equals(prefix)) {
    throw new ApiError('bad_request', 'cursor belongs to another prefix');
  }
  const start = cursor ? keyAfter(cursor.after) : prefix;
  const end = prefix.length === 0 ? Buffer.alloc(0) : prefixEnd(prefix);
  const revision = cursor?.revision ?? query.revision;

  const res = await rangeAdaptive({
    start,
    end,
    limit: query.limit,
    revision,
    keysOnly: query.keysOnly ?? false,
  });
  const items: KvItem[] = [];
  let budget = RESPONSE_BUDGET_BYTES;
  for (const kv of res.kvs) {
    const item = toItem(kv, !query.keysOnly);
    budget -= itemSize(item);
    if (budget < 0 && items.length > 0) break;
    items.push(item);
  }
  const trimmed = items.length < res.kvs.length;
  const pinned = revision ?? res.revision;
  const last = res.kvs[items.length - 1];
  const nextCursor =
    (res.more || trimmed) && last ? encodeCursor({ after: last.key, revision: pinned }) : null;
  return { items, revision: pinned, nextCursor };
}

/** Large values could push one gRPC answer past its size limit: retry with smaller pages. */
async function rangeAdaptive(args: Parameters<typeof range>[0]) {
  let limit = args.limit ?? 100;
  for (;;) {
    try {
      return await range({ ...args, limit });
    } catch (error) {
      const tooBig = /RESOURCE_EXHAUSTED|larger than max/i.test(String((error as Error)?.message));
      if (!tooBig || limit <= 1) throw error;
      limit = Math.max(1, Math.floor(limit / 4));
    }
  }
}
