// Reads work reports: live entries (leased) joined with their durable records; a record alone is a lost task.
import 'server-only';
import type { Namespace } from 'etcd3';
import { TASK_RECORDS_DIR, TASKS_ROOT } from '../sdk/worker/keys';
import { rangePrefix } from '../sdk/worker/range';
import {
  decodeRecord,
  type TaskLiveRecord,
  type TaskRecord,
  taskLiveRecord,
  taskRecord,
} from '../sdk/worker/records';
import type { TaskView } from './schemas';

type Pair = { live?: TaskLiveRecord; liveLease?: string; record?: TaskRecord };

export async function loadTasks(kv: Namespace): Promise<{ tasks: TaskView[]; revision: number }> {
  const snapshot = await rangePrefix(kv, TASKS_ROOT);
  const pairs = new Map<string, Pair>();
  const pair = (id: string) => {
    let p = pairs.get(id);
    if (!p) {
      p = {};
      pairs.set(id, p);
    }
    return p;
  };
  for (const item of snapshot.kvs) {
    const key = item.key.toString();
    if (key.startsWith(TASK_RECORDS_DIR)) {
      const record = decodeRecord(taskRecord, item.value);
      if (record) pair(key.slice(TASK_RECORDS_DIR.length)).record = record;
    } else if (!key.slice(TASKS_ROOT.length).includes('/')) {
      const live = decodeRecord(taskLiveRecord, item.value);
      if (live)
        Object.assign(pair(key.slice(TASKS_ROOT.length)), { live, liveLease: String(item.lease ?? '0') });
    }
  }
  const tasks = [...pairs.entries()]
    .map(([id, p]) => taskView(id, p))
    .filter((t): t is TaskView => t !== null);
  const children = new Map<string, string[]>();
  for (const t of tasks) if (t.parent) children.set(t.parent, [...(children.get(t.parent) ?? []), t.id]);
  for (const t of tasks) t.children = children.get(t.id) ?? [];
  return { tasks, revision: snapshot.revision };
}

function taskView(id: string, { live, liveLease, record }: Pair): TaskView | null {
  const base = live ?? record;
  if (!base) return null;
  const finished = record && record.state !== 'running' ? record : null;
  const state = finished ? finished.state : live ? 'running' : 'lost';
  const shown = finished ?? live ?? record!;
  return {
    id,
    name: base.name,
    parent: base.parent,
    children: [],
    state,
    percent: shown.percent,
    message: shown.message,
    hostname: base.hostname,
    pid: base.pid,
    startedAt: base.startedAt,
    updatedAt: shown.updatedAt,
    finishedAt: finished?.finishedAt ?? null,
    result: finished?.result ?? null,
    error: finished?.error ?? null,
    lease: live && liveLease && liveLease !== '0' ? liveLease : null,
  };
}
