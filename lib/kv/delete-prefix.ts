import 'server-only';
import { prefixEnd } from '@etcd-console/core/etcd';
import type { z } from 'zod';
import { ApiError } from '../api/errors';
import { auditOp } from '../audit/record';
import { assertMayWritePrefix } from '../auth/access';
import { markAudited, markNoChange } from '../auth/context';
import { TXN_MAX_OPS } from './import-items';
import { toItem } from './item';
import { keyBytes } from './key-param';
import { range } from './range';
import { assertWritablePrefix } from './reserved';
import { readPrefixMap } from './scan-prefix';
import type { deletePrefixBody, prefixQuery, restorePrefixBody } from './schemas';
import { commit, compare, op } from './txn';

export const RESTORE_MAX_KEYS = 20_000;

/** What a prefix delete would remove: the count, a sample, and the revision to confirm against. */
export async function previewPrefixDelete(query: z.infer<typeof prefixQuery>) {
  const prefix = keyBytes(query.prefix, query.prefixEncoding, 'prefix');
  const end = prefixEnd(prefix);
  const counted = await range({ start: prefix, end, countOnly: true, revision: query.revision });
  const sample = await range({ start: prefix, end, keysOnly: true, limit: 20, revision: counted.revision });
  return {
    count: counted.count,
    sample: sample.kvs.map((kv) => toItem(kv, false)),
    revision: counted.revision,
  };
}

/** Deletes a prefix in one transaction, only if nothing under it changed since the preview. */
export async function deletePrefix(body: z.infer<typeof deletePrefixBody>) {
  if (body.confirm !== body.prefix)
    throw new ApiError('bad_request', 'Type the prefix exactly to confirm the delete.');
  const prefix = keyBytes(body.prefix, body.prefixEncoding, 'prefix');
  assertWritablePrefix(prefix);
  assertMayWritePrefix(prefix);
  const end = prefixEnd(prefix);
  const res = await commit(
    [compare.unchangedSince(prefix, end, body.expectedRevision)],
    [
      op.delete(prefix, end),
      auditOp('kv.prefix.delete', [prefix], { details: { previewRevision: body.expectedRevision } }),
    ],
  );
  if (!res.succeeded) {
    throw new ApiError(
      'conflict',
      `Something under the prefix changed after revision ${body.expectedRevision}. Preview again.`,
    );
  }
  markAudited();
  const deleted = Number(res.responses[0]?.response_delete_range?.deleted ?? 0);
  const revision = Number(res.header.revision);
  // The state just before the delete stays readable until etcd compacts it.
  return { deleted, revision, restoreFrom: revision - 1 };
}

/** Writes the prefix back as it was at a revision (values only: leases from then may be gone). */
export async function restorePrefix(body: z.infer<typeof restorePrefixBody>) {
  const prefix = keyBytes(body.prefix, body.prefixEncoding, 'prefix');
  assertWritablePrefix(prefix);
  assertMayWritePrefix(prefix);
  const then = await readPrefixMap(prefix, body.revision, RESTORE_MAX_KEYS);
  if (then.truncated)
    throw new ApiError('too_large', `More than ${RESTORE_MAX_KEYS} keys: restore a narrower prefix.`);
  const kvs = [...then.items.values()];
  let restored = 0;
  for (let i = 0; i < kvs.length; i += TXN_MAX_OPS) {
    const batch = kvs.slice(i, i + TXN_MAX_OPS);
    await commit(
      [],
      [
        ...batch.map((kv) => op.put(kv.key, kv.value)),
        auditOp('kv.prefix.restore', [prefix], {
          details: { fromRevision: body.revision, keys: batch.length },
        }),
      ],
    );
    markAudited();
    restored += batch.length;
  }
  if (restored === 0) markNoChange();
  return { restored, fromRevision: body.revision };
}
