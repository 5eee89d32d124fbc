// POST cancel: writes the cancel marker that running workers watch; queued slots will never be claimed.
import 'server-only';
import { ApiError } from '../api/errors';
import { etcdKv } from '../etcd/client';
import { commandState, isFinishedState } from '../sdk/worker/command-state';
import { cancelKey, specKey } from '../sdk/worker/keys';
import type { CancelRecord } from '../sdk/worker/records';
import { livenessOf, loadCommand, loadWorkers } from './load';
import { readCommand } from './read-command';
import type { CommandDetail } from './schemas';

export async function cancelCommand(id: string, by: string): Promise<CommandDetail> {
  const kv = etcdKv();
  const loaded = await loadCommand(kv, id);
  if (!loaded) throw new ApiError('not_found', `No command ${id}.`);
  const { entry } = loaded;
  const { workers } = await loadWorkers(kv, entry.group);
  const live = livenessOf(workers).get(entry.group) ?? new Set<string>();
  const state = commandState(entry, Date.now(), (w) => live.has(w));
  if (isFinishedState(state)) throw new ApiError('conflict', `Command ${id} has already ${state}.`);
  const record: CancelRecord = { requestedAt: new Date().toISOString(), by };
  // Create-once: a second cancel keeps the first request's time.
  await kv
    .if(cancelKey(entry.group, id), 'Create', '==', 0)
    .and(specKey(entry.group, id), 'Create', '>', 0)
    .then(kv.put(cancelKey(entry.group, id)).value(JSON.stringify(record)))
    .commit();
  return readCommand(id);
}
