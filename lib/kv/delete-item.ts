import 'server-only';
import type { z } from 'zod';
import { ApiError } from '../api/errors';
import { auditOp } from '../audit/record';
import { assertMayWriteKey } from '../auth/access';
import { markAudited } from '../auth/context';
import { toItem } from './item';
import { keyBytes } from './key-param';
import { range } from './range';
import { assertWritableKey } from './reserved';
import type { deleteQuery } from './schemas';
import { commit, compare, op, rangeResult } from './txn';

/** Deletes one key in a transaction that compares its mod_revision; 409 with the current item when stale. */
export async function deleteItem(query: z.infer<typeof deleteQuery>): Promise<{ revision: number }> {
  const key = keyBytes(query.key, query.keyEncoding);
  assertWritableKey(key);
  assertMayWriteKey(key);
  let expected = query.expectedModRevision;
  if (expected === undefined) {
    const current = await range({ start: key, keysOnly: true });
    const kv = current.kvs[0];
    if (!kv) throw new ApiError('not_found', 'No such key.');
    expected = Number(kv.mod_revision);
  }
  const res = await commit(
    [compare.modIs(key, expected)],
    [op.delete(key), auditOp('kv.delete', [key], { before: [expected] })],
    [op.get(key)],
  );
  if (!res.succeeded) {
    const current = rangeResult(res, 0)[0];
    if (!current) throw new ApiError('not_found', 'No such key: it was already deleted.');
    throw new ApiError(
      'conflict',
      `The key changed since revision ${expected}: it is now at revision ${current.mod_revision}.`,
      {
        current: toItem(current),
      },
    );
  }
  markAudited();
  return { revision: Number(res.header.revision) };
}
