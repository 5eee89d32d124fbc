// Reads the dispatch keyspace into memory: commands (one group, one command, or all) and registered workers.
import 'server-only';
import type { Namespace } from 'etcd3';
import { type CommandKeys, CommandTable } from '../sdk/worker/command-table';
import {
  COMMANDS_ROOT,
  commandDir,
  commandGroupDir,
  commandIndexKey,
  parseWorkerKey,
  WORKERS_ROOT,
  workerDir,
} from '../sdk/worker/keys';
import { rangePrefix } from '../sdk/worker/range';
import { decodeRecord, type WorkerRecord, workerRecord } from '../sdk/worker/records';

export type LoadedWorker = { group: string; id: string; record: WorkerRecord; lease: string };

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
  const snapshot = await rangePrefix(kv, group ? workerDir(group) : WORKERS_ROOT);
  const workers: LoadedWorker[] = [];
  for (const item of snapshot.kvs) {
    const name = parseWorkerKey(item.key.toString());
    const record = name ? decodeRecord(workerRecord, item.value) : null;
    if (!name || !record) continue;
    workers.push({ ...name, record, lease: String(item.lease ?? '0') });
  }
  return { workers, revision: snapshot.revision };
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

/** Whether a worker runs a type: workers that list no types are assumed to run any. */
export function handlesType(worker: WorkerRecord, type: string): boolean {
  return worker.types.length === 0 || worker.types.includes(type);
}
