// POST cancel: writes the cancel marker that running workers watch; queued slots will never be claimed.
import 'server-only';
import type { CancelRecord } from '@etcd-console/core/worker';
import {
  cancelKey,
  commandGroupDir,
  commandState,
  isFinishedState,
  specKey,
} from '@etcd-console/core/worker';
import { ApiError } from '../api/errors';
import { auditOp } from '../audit/record';
import { assertMayWritePrefix } from '../auth/access';
import { markAudited } from '../auth/context';
import { etcdKv } from '../etcd/client';
import { livenessOf, loadCommand, loadWorkers } from './load';
import { readCommand } from './read-command';
import type { CommandDetail } from './schemas';

export async function cancelCommand(id: string, by: string): Promise<CommandDetail> {
  const kv = etcdKv();
  const loaded = await loadCommand(kv, id);
  if (!loaded) throw new ApiError('not_found', `No command ${id}.`);
  const { entry } = loaded;
  assertMayWritePrefix(commandGroupDir(entry.group));
  const { workers } = await loadWorkers(kv, entry.group);
  const live = livenessOf(workers).get(entry.group) ?? new Set<string>();
  const state = commandState(entry, Date.now(), (w) => live.has(w));
  if (isFinishedState(state)) throw new ApiError('conflict', `Command ${id} has already ${state}.`);
  const record: CancelRecord = { requestedAt: new Date().toISOString(), by };
  const key = cancelKey(entry.group, id);
  // Create-once: a second cancel keeps the first request's time. The audit record commits with the marker.
  await kv
    .if(key, 'Create', '==', 0)
    .and(specKey(entry.group, id), 'Create', '>', 0)
    .then(
      kv.put(key).value(JSON.stringify(record)),
      auditOp('commands.cancel', [Buffer.from(key)], { details: { id, group: entry.group } }),
    )
    .commit();
  // Either the marker and its record committed, or nothing changed (cancelled already): nothing left to record.
  markAudited();
  return readCommand(id);
}
