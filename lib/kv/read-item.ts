import 'server-only';
import type { z } from 'zod';
import { ApiError } from '../api/errors';
import { assertMayReadKey } from '../auth/access';
import { type KvItem, toItem } from './item';
import { keyBytes } from './key-param';
import { range } from './range';
import type { itemQuery } from './schemas';

/** One key, now or as it was at a revision; 404 when absent. */
export async function readItem(
  query: z.infer<typeof itemQuery>,
): Promise<{ item: KvItem; revision: number }> {
  const key = keyBytes(query.key, query.keyEncoding);
  assertMayReadKey(key);
  const res = await range({ start: key, revision: query.revision });
  const kv = res.kvs[0];
  if (!kv)
    throw new ApiError(
      'not_found',
      query.revision ? `No such key at revision ${query.revision}.` : 'No such key.',
    );
  return { item: toItem(kv), revision: query.revision ?? res.revision };
}
