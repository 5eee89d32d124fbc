// Reads the dispatch keyspace into memory: commands (one group, one command, or all) and registered workers.
// The load* functions read everything (retention, liveness: the console's own bookkeeping); the loadVisible*
// ones read what the current actor may see (lib/dispatch/visibility.ts), for answers given on its behalf.
import 'server-only';
import { readPrefix } from '@etcd-console/core/etcd';
import {
  COMMANDS_ROOT,
  type CommandKeys,
  CommandTable,
  commandDir,
  commandGroupDir,
  commandIndexKey,
  decodeRecord,
  parseWorkerKey,
  type RegisteredWorker,
  readWorkers,
  WORKERS_ROOT,
  workerDir,
  workerRecord,
} from '@etcd-console/core/worker';
import type { Namespace } from 'etcd3';
import { readableRanges } from '../auth/access';
import { readReadablePrefix } from '../kv/readable-pages';
import { commandVisible, workerVisible } from './visibility';

export type LoadedWorker = RegisteredWorker;

/** Live worker ids per group. */
export type Liveness = Map<string, Set<string>>;

const PAGE_SIZE = 500;

export async function loadCommands(
  kv: Namespace,
  group?: string,
): Promise<{ table: CommandTable; revision: number }> {
  const snapshot = await readPrefix(kv, group ? commandGroupDir(group) : COMMANDS_ROOT);
  const table = new CommandTable();
  for (const item of snapshot.kvs) table.put(item);
  return { table, revision: snapshot.revision };
}

/**
 * The commands of the groups the current actor may see: only the readable parts of /commands/ are read, and of
 * them only keys of visible groups are kept. The same read as loadCommands for an actor who may read everything.
 */
export async function loadVisibleCommands(
  kv: Namespace,
  group?: string,
): Promise<{ table: CommandTable; revision: number }> {
  if (readableRanges() === null) return loadCommands(kv, group);
  const visible = new Map<string, boolean>();
  const keep = (key: string) => {
    const name = key.slice(COMMANDS_ROOT.length).split('/', 1)[0] ?? '';
    let ok = visible.get(name);
    if (ok === undefined) {
      ok = !name.startsWith('_') && commandVisible(name);
      visible.set(name, ok);
    }
    return ok;
  };
  const snapshot = await readReadablePrefix(
    kv,
    group ? commandGroupDir(group) : COMMANDS_ROOT,
    PAGE_SIZE,
    keep,
  );
  const table = new CommandTable();
  for (const item of snapshot.kvs) table.put(item);
  return { table, revision: snapshot.revision };
}

/** The group a command id was sent to, from its index key; null when there is no such command. */
async function groupOf(kv: Namespace, id: string): Promise<string | null> {
  const index = await kv
    .get(commandIndexKey(id))
    .json()
    .catch(() => null);
  const group = (index as { group?: unknown } | null)?.group;
  return typeof group === 'string' ? group : null;
}

async function loadCommandIn(
  kv: Namespace,
  group: string,
  id: string,
): Promise<{ entry: CommandKeys; revision: number } | null> {
  const snapshot = await readPrefix(kv, commandDir(group, id));
  const table = new CommandTable();
  for (const item of snapshot.kvs) table.put(item);
  const entry = table.get(id);
  return entry?.spec ? { entry, revision: snapshot.revision } : null;
}

/** One command by id (the index names its group); null when it does not exist. */
export async function loadCommand(
  kv: Namespace,
  id: string,
): Promise<{ entry: CommandKeys; revision: number } | null> {
  const group = await groupOf(kv, id);
  return group === null ? null : loadCommandIn(kv, group, id);
}

/** One command by id, or null when it does not exist or the current actor may not see it: the same answer. */
export async function loadVisibleCommand(
  kv: Namespace,
  id: string,
): Promise<{ entry: CommandKeys; revision: number } | null> {
  const group = await groupOf(kv, id);
  return group === null || !commandVisible(group) ? null : loadCommandIn(kv, group, id);
}

export async function loadWorkers(
  kv: Namespace,
  group?: string,
): Promise<{ workers: LoadedWorker[]; revision: number }> {
  return readWorkers(kv, group);
}

/** The registered workers the current actor may see (only readable parts of /workers/ are read). */
export async function loadVisibleWorkers(
  kv: Namespace,
  group?: string,
): Promise<{ workers: LoadedWorker[]; revision: number }> {
  if (readableRanges() === null) return readWorkers(kv, group);
  const snapshot = await readReadablePrefix(kv, group ? workerDir(group) : WORKERS_ROOT, PAGE_SIZE);
  const workers: LoadedWorker[] = [];
  for (const item of snapshot.kvs) {
    const name = parseWorkerKey(item.key.toString());
    if (!name || !workerVisible(name.group, name.id)) continue;
    const record = decodeRecord(workerRecord, item.value);
    if (record) workers.push({ ...name, record, lease: String(item.lease ?? '0') });
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
