// Where workers, commands and work reports live, relative to the console's root namespace (see docs/keyspace.md).
export const WORKERS_ROOT = '/workers/';
export const COMMANDS_ROOT = '/commands/';
export const COMMAND_INDEX_DIR = '/commands/_index/';
export const TASKS_ROOT = '/tasks/';
export const TASK_RECORDS_DIR = '/tasks/_records/';

/** The single run slot of a mode "any" command; mode "all" runs use the worker id as their slot. */
export const ANY_SLOT = '_any';

export type RunField = 'claim' | 'progress' | 'result';
export type HistoryEvent = 'claimed' | 'lost' | 'released';

export const workerDir = (group: string) => `${WORKERS_ROOT}${group}/`;
export const workerKey = (group: string, id: string) => `${workerDir(group)}${id}`;

export const commandGroupDir = (group: string) => `${COMMANDS_ROOT}${group}/`;
export const commandDir = (group: string, id: string) => `${commandGroupDir(group)}${id}/`;
export const commandIndexKey = (id: string) => `${COMMAND_INDEX_DIR}${id}`;
export const specKey = (group: string, id: string) => `${commandDir(group, id)}spec`;
export const cancelKey = (group: string, id: string) => `${commandDir(group, id)}cancel`;
export const runKey = (group: string, id: string, slot: string, field: RunField) =>
  `${commandDir(group, id)}runs/${slot}/${field}`;
export const historyKey = (group: string, id: string, slot: string, attempt: number, event: HistoryEvent) =>
  `${commandDir(group, id)}history/${slot}/${String(attempt).padStart(6, '0')}/${event}`;
export const retryKey = (group: string, id: string, newId: string) =>
  `${commandDir(group, id)}retries/${newId}`;

export const taskKey = (id: string) => `${TASKS_ROOT}${id}`;
export const taskRecordKey = (id: string) => `${TASK_RECORDS_DIR}${id}`;

export type CommandKeyPart =
  | { kind: 'spec' }
  | { kind: 'cancel' }
  | { kind: 'run'; slot: string; field: RunField }
  | { kind: 'history'; slot: string; attempt: number; event: HistoryEvent }
  | { kind: 'retry'; newId: string };

export type ParsedCommandKey = { group: string; id: string; part: CommandKeyPart };

const runFields = new Set<string>(['claim', 'progress', 'result']);
const historyEvents = new Set<string>(['claimed', 'lost', 'released']);

/** Splits /commands/<group>/<id>/<rest>; null for the index and for keys this protocol does not define. */
export function parseCommandKey(key: string): ParsedCommandKey | null {
  if (!key.startsWith(COMMANDS_ROOT)) return null;
  const [group, id, ...rest] = key.slice(COMMANDS_ROOT.length).split('/');
  if (!group || !id || group.startsWith('_')) return null;
  const part = parsePart(rest);
  return part ? { group, id, part } : null;
}

function parsePart(rest: string[]): CommandKeyPart | null {
  const [head, a, b, c] = rest;
  if (rest.length === 1 && head === 'spec') return { kind: 'spec' };
  if (rest.length === 1 && head === 'cancel') return { kind: 'cancel' };
  if (rest.length === 3 && head === 'runs' && a && b && runFields.has(b)) {
    return { kind: 'run', slot: a, field: b as RunField };
  }
  if (rest.length === 4 && head === 'history' && a && b && /^\d{6}$/.test(b) && c && historyEvents.has(c)) {
    return { kind: 'history', slot: a, attempt: Number(b), event: c as HistoryEvent };
  }
  if (rest.length === 2 && head === 'retries' && a) return { kind: 'retry', newId: a };
  return null;
}

/** Splits /workers/<group>/<id>. */
export function parseWorkerKey(key: string): { group: string; id: string } | null {
  if (!key.startsWith(WORKERS_ROOT)) return null;
  const [group, id, ...rest] = key.slice(WORKERS_ROOT.length).split('/');
  return group && id && rest.length === 0 ? { group, id } : null;
}
