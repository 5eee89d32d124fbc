import 'server-only';
// Commands per group and state with the oldest queued one, and work reports without progress: one paged read of
// /commands/, one of /workers/ and one of /tasks/. Read-only: no repair, no pruning (the API does those).
import { commandState } from '@etcd-console/core/worker';
import { livenessOf, loadCommands, loadWorkers } from '../../dispatch/load';
import { loadTasks } from '../../dispatch/load-tasks';
import { etcdKv } from '../../etcd/client';
import type { CommandGroupRow, TaskRow } from './types';

export async function readCommandRows(now = Date.now()): Promise<CommandGroupRow[]> {
  const kv = etcdKv();
  const [{ table }, { workers }] = await Promise.all([loadCommands(kv), loadWorkers(kv)]);
  const live = livenessOf(workers);
  const groups = new Map<string, CommandGroupRow>();
  const rowOf = (group: string) => {
    let row = groups.get(group);
    if (!row) {
      row = {
        group,
        states: {},
        oldestQueuedSeconds: 0,
        oldestQueuedId: null,
        liveWorkers: live.get(group)?.size ?? 0,
      };
      groups.set(group, row);
    }
    return row;
  };
  for (const group of live.keys()) rowOf(group);
  for (const entry of table.values()) {
    const spec = entry.spec?.data;
    if (!spec) continue;
    const ids = live.get(entry.group);
    const state = commandState(entry, now, (id) => ids?.has(id) ?? false) ?? 'queued';
    const row = rowOf(entry.group);
    row.states[state] = (row.states[state] ?? 0) + 1;
    if (state !== 'queued') continue;
    const age = Math.max(0, (now - Date.parse(spec.createdAt)) / 1000);
    if (age >= row.oldestQueuedSeconds) {
      row.oldestQueuedSeconds = age;
      row.oldestQueuedId = spec.id;
    }
  }
  return [...groups.values()].sort((a, b) => a.group.localeCompare(b.group));
}

/** Running reports per name, with how long the stalest one has gone without an update. */
export async function readTaskRows(
  now = Date.now(),
): Promise<{ rows: TaskRow[]; byState: Record<string, number> }> {
  const { tasks } = await loadTasks(etcdKv());
  const byState: Record<string, number> = {};
  const names = new Map<string, TaskRow>();
  for (const t of tasks) {
    byState[t.state] = (byState[t.state] ?? 0) + 1;
    if (t.state !== 'running' && t.state !== 'lost') continue;
    const row = names.get(t.name) ?? {
      name: t.name,
      running: 0,
      lost: 0,
      oldestProgressSeconds: 0,
      taskId: t.id,
    };
    names.set(t.name, row);
    if (t.state === 'lost') {
      row.lost += 1;
      continue;
    }
    row.running += 1;
    const age = Math.max(0, (now - Date.parse(t.updatedAt)) / 1000);
    if (age >= row.oldestProgressSeconds) {
      row.oldestProgressSeconds = age;
      row.taskId = t.id;
    }
  }
  return { rows: [...names.values()].sort((a, b) => a.name.localeCompare(b.name)), byState };
}
