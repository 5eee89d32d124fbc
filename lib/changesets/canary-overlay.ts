import 'server-only';
// The overlay keys of a canary: one per chosen instance, holding the set's values for the keys it follows, written
// and removed together with the set's record (docs/keyspace.md "Canary").
import {
  CANARY_ROOT,
  type CanaryOverlay,
  type CanaryOverlayEdit,
  canaryKey,
  splitCanaryKey,
} from '@etcd-console/core/config';
import { prefixEnd } from '@etcd-console/core/etcd';
import type { IRequestOp } from 'etcd3';
import { etcdSystemClient } from '../etcd/client';
import { rawRange } from '../kv/range';
import { op } from '../kv/txn';
import type { CanaryState } from './canary-schemas';
import { editKeyBytes } from './edit-key';
import type { ChangeSetRecord } from './schemas';

export function overlayFor(record: ChangeSetRecord, keys: string[]): CanaryOverlay {
  const wanted = new Set(keys);
  const edits = record.edits.flatMap((e): CanaryOverlayEdit[] => {
    const key = editKeyBytes(e).toString('utf8');
    if (!wanted.has(key)) return [];
    if (e.action === 'delete') return [{ key, value: null }];
    return [
      {
        key,
        value: e.value ?? '',
        ...(e.valueEncoding === 'base64' ? { valueEncoding: 'base64' as const } : {}),
      },
    ];
  });
  return { changeset: record.id, title: record.title, edits };
}

export function overlayPuts(record: ChangeSetRecord, targets: CanaryState['targets']): IRequestOp[] {
  return targets.map((t) =>
    op.put(
      Buffer.from(canaryKey(t.app, t.instance, record.id)),
      Buffer.from(JSON.stringify(overlayFor(record, t.keys))),
    ),
  );
}

export function overlayDeletes(id: string, targets: CanaryState['targets']): IRequestOp[] {
  return targets.map((t) => op.delete(Buffer.from(canaryKey(t.app, t.instance, id))));
}

/** "app/instance" → the mod_revision of this set's overlay key there (the console's bookkeeping: keys only). */
export async function overlayRevisions(id: string): Promise<Map<string, number>> {
  const start = Buffer.from(CANARY_ROOT);
  const res = await rawRange({ start, end: prefixEnd(start), keysOnly: true }, etcdSystemClient());
  const found = new Map<string, number>();
  for (const kv of res.kvs) {
    const where = splitCanaryKey(kv.key.toString('utf8'));
    if (where?.changeset === id) found.set(`${where.app}/${where.instance}`, Number(kv.mod_revision));
  }
  return found;
}
