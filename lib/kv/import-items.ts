import 'server-only';
import { keyAfter } from '@etcd-console/core/etcd';
import type { z } from 'zod';
import { ApiError } from '../api/errors';
import { auditOp } from '../audit/record';
import { assertMayWriteKey } from '../auth/access';
import { markAudited, markNoChange } from '../auth/context';
import { decodeBytes, encodeBytes } from '../etcd/encoding';
import { range } from './range';
import { assertWritableKey } from './reserved';
import { type importBody, MAX_VALUE_BYTES } from './schemas';
import { commit, compare, op } from './txn';

/** etcd's default --max-txn-ops is 128; one op of each transaction is its audit record. */
export const TXN_MAX_OPS = 127;

type Planned = { key: Buffer; value: Buffer; state: 'added' | 'changed' | 'unchanged' };

export type ImportPreview = {
  revision: number;
  added: string[];
  changed: string[];
  unchanged: number;
  batches: number;
};

export type ImportReport = ImportPreview & {
  applied: boolean;
  appliedBatches: number;
  failedBatch: number | null;
  message: string;
};

function decodeItem(item: z.infer<typeof importBody>['items'][number], index: number) {
  try {
    const key = decodeBytes(item.key, item.keyEncoding ?? 'utf8');
    const value = decodeBytes(item.value, item.valueEncoding ?? 'utf8');
    if (key.length === 0) throw new Error('empty key');
    assertWritableKey(key);
    assertMayWriteKey(key);
    if (key.length + value.length > MAX_VALUE_BYTES)
      throw new ApiError('too_large', `items[${index}] exceeds etcd's request limit`);
    return { key, value };
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError('bad_request', `items[${index}]: key or value is not valid for its encoding`);
  }
}

async function plan(body: z.infer<typeof importBody>): Promise<{ planned: Planned[]; revision: number }> {
  const decoded = body.items.map(decodeItem);
  const seen = new Set<string>();
  for (const { key } of decoded) {
    const id = key.toString('base64');
    if (seen.has(id)) throw new ApiError('bad_request', `duplicate key in import: ${encodeBytes(key).text}`);
    seen.add(id);
  }
  const first = await range({ start: Buffer.from([0]), keysOnly: true, limit: 1 });
  const revision = body.expectedRevision ?? first.revision;
  const planned: Planned[] = [];
  for (const item of decoded) {
    const current = (await range({ start: item.key, revision })).kvs[0];
    const state = !current ? 'added' : current.value.equals(item.value) ? 'unchanged' : 'changed';
    planned.push({ ...item, state });
  }
  return { planned, revision };
}

function preview(planned: Planned[], revision: number): ImportPreview {
  const writes = planned.filter((p) => p.state !== 'unchanged');
  return {
    revision,
    added: planned.filter((p) => p.state === 'added').map((p) => encodeBytes(p.key).text),
    changed: planned.filter((p) => p.state === 'changed').map((p) => encodeBytes(p.key).text),
    unchanged: planned.length - writes.length,
    batches: Math.ceil(writes.length / TXN_MAX_OPS),
  };
}

/**
 * Preview shows what an import would add and change; apply writes it in transactions of at most 128 puts,
 * each guarded so that no key changed since the preview's revision: all-or-nothing when it fits one.
 */
export async function importItems(body: z.infer<typeof importBody>): Promise<ImportPreview | ImportReport> {
  const { planned, revision } = await plan(body);
  const summary = preview(planned, revision);
  if (body.mode === 'preview') {
    markNoChange();
    return summary;
  }
  const writes = planned.filter((p) => p.state !== 'unchanged');
  let appliedBatches = 0;
  for (let i = 0; i < writes.length; i += TXN_MAX_OPS) {
    const batch = writes.slice(i, i + TXN_MAX_OPS);
    const res = await commit(
      batch.map((p) => compare.unchangedSince(p.key, keyAfter(p.key), revision)),
      [
        ...batch.map((p) => op.put(p.key, p.value)),
        auditOp(
          'kv.import',
          batch.map((p) => p.key),
          { details: { batch: appliedBatches + 1, of: summary.batches } },
        ),
      ],
    );
    if (!res.succeeded) {
      if (appliedBatches === 0) markNoChange();
      return {
        ...summary,
        applied: false,
        appliedBatches,
        failedBatch: appliedBatches,
        message:
          appliedBatches === 0
            ? `Nothing was written: a key changed after revision ${revision}. Preview again.`
            : `${appliedBatches} of ${summary.batches} batches were written; batch ${appliedBatches + 1} found a key changed after revision ${revision}. Preview again to finish.`,
      };
    }
    appliedBatches++;
    markAudited();
  }
  return {
    ...summary,
    applied: true,
    appliedBatches,
    failedBatch: null,
    message: `Wrote ${writes.length} keys.`,
  };
}
