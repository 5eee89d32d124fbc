// Reads the dispatch keyspace into memory: commands (one group, one command, or all) and registered workers.
import 'server-only';
import type { Namespace } from 'etcd3';
import { type CommandKeys, CommandTable } from '../sdk/worker/command-table';
import { COMMANDS_ROOT, commandDir, commandGroupDir, commandIndexKey } from '../sdk/worker/keys';
import { rangePrefix } from '../sdk/worker/range';
import { type RegisteredWorker, readWorkers } from '../sdk/worker/workers';

export type LoadedWorker = RegisteredWorker;

/** Live worker ids per group. */
export type Liveness = Map<string, Set<string>>;

export async function loadCommands(
  kv: Namespace,
  group?: string,
): Promise<{ table: CommandTable; revision: number }> {
  const snapshot = await rangePrefix(kv, group ? commandGroupDir(group) : COMMANDS_ROOT);
  const table = new CommandTable();
  for (const item of snapshot.kvs) table.put(item);
  return { table, revision: snapshot.revision };
}

/** One command by id (the index names its group); null when it does not exist. */
export async function loadCommand(
  kv: Namespace,
  id: string,
): Promise<{ entry: CommandKeys; revision: number } | null> {
  const index = await kv
    .get(commandIndexKey(id))
    .json()
    .catch(() => null);
  const group = (index as { group?: unknown } | null)?.group;
  if (typeof group !== 'string') return null;
  const snapshot = await rangePrefix(kv, commandDir(group, id));
  const table = new CommandTable();
  for (const item of snapshot.kvs) table.put(item);
  const entry = table.get(id);
  return entry?.spec ? { entry, revision: snapshot.revision } : null;
}

export async function loadWorkers(
  kv: Namespace,
  group?: string,
): Promise<{ workers: LoadedWorker[]; revision: number }> {
  return readWorkers(kv, group);
}

export function livenessOf(workers: LoadedWorker[]): Liveness {
  const live: Liveness = new Map();
  for (const w of workers) {
    let ids = live.get(w.group);
    if (!ids) {
      ids = new Set();
      live.set(w.group, ids);
    }
    ids.add(w.id);
  }
  return live;
}
