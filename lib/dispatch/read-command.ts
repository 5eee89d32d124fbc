// GET one command: its state, runs and timeline, after writing any repair its keys call for.
import 'server-only';
import { ApiError } from '../api/errors';
import { etcdKv } from '../etcd/client';
import { detailCommand } from './command-view';
import { livenessOf, loadCommand, loadVisibleCommand, loadWorkers } from './load';
import { repairCommand } from './repair-command';
import type { CommandDetail } from './schemas';

/** 404 for a command the caller may not see, exactly as for one that does not exist; nothing is repaired then. */
export async function readCommand(id: string): Promise<CommandDetail> {
  const kv = etcdKv();
  let loaded = await loadVisibleCommand(kv, id);
  if (!loaded) throw new ApiError('not_found', `No command ${id}.`);
  if (await repairCommand(kv, loaded.entry, new Date())) loaded = (await loadCommand(kv, id)) ?? loaded;
  const { workers } = await loadWorkers(kv, loaded.entry.group);
  const live = livenessOf(workers).get(loaded.entry.group) ?? new Set<string>();
  const detail = detailCommand(loaded.entry, live, Date.now(), loaded.revision);
  if (!detail) throw new ApiError('not_found', `No command ${id}.`);
  return detail;
}
