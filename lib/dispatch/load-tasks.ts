// Reads work reports: live entries (leased) joined with their durable records; a record alone is a lost task.
import 'server-only';
import { readPrefix } from '@etcd-console/core/etcd';
import {
  decodeRecord,
  TASK_RECORDS_DIR,
  TASKS_ROOT,
  type TaskLiveRecord,
  type TaskRecord,
  taskLiveRecord,
  taskRecord,
} from '@etcd-console/core/worker';
import type { IKeyValue, Namespace } from 'etcd3';
import { prefixCoverage, readableRanges } from '../auth/access';
import type { TaskView } from './schemas';
import { taskVisible } from './visibility';

type Pair = { live?: TaskLiveRecord; liveLease?: string; record?: TaskRecord };

/** Every work report (retention and the console's own bookkeeping). */
export async function loadTasks(kv: Namespace): Promise<{ tasks: TaskView[]; revision: number }> {
  const snapshot = await readPrefix(kv, TASKS_ROOT);
  return { tasks: tasksFrom(snapshot.kvs, () => true), revision: snapshot.revision };
}

/**
 * The work reports the current actor may see (lib/dispatch/visibility.ts). A report's record sits under
 * /tasks/_records/, possibly outside a scope that holds its live key, so the keys are filtered by task id as they
 * come out of the read; children are listed only when visible themselves.
 */
export async function loadVisibleTasks(kv: Namespace): Promise<{ tasks: TaskView[]; revision: number }> {
  if (readableRanges() === null) return loadTasks(kv);
  if (prefixCoverage(TASKS_ROOT) === 'none') {
    const { header } = await kv.get(TASKS_ROOT).exec();
    return { tasks: [], revision: Number(header.revision) };
  }
  const snapshot = await readPrefix(kv, TASKS_ROOT);
  return { tasks: tasksFrom(snapshot.kvs, (id) => taskVisible(id)), revision: snapshot.revision };
}

function tasksFrom(kvs: IKeyValue[], visible: (id: string) => boolean): TaskView[] {
  const pairs = new Map<string, Pair>();
  const pair = (id: string) => {
    let p = pairs.get(id);
    if (!p) {
      p = {};
      pairs.set(id, p);
    }
    return p;
  };
  for (const item of kvs) {
    const key = item.key.toString();
    if (key.startsWith(TASK_RECORDS_DIR)) {
      const id = key.slice(TASK_RECORDS_DIR.length);
      if (!visible(id)) continue;
      const record = decodeRecord(taskRecord, item.value);
      if (record) pair(id).record = record;
    } else if (!key.slice(TASKS_ROOT.length).includes('/')) {
      const id = key.slice(TASKS_ROOT.length);
      if (!visible(id)) continue;
      const live = decodeRecord(taskLiveRecord, item.value);
      if (live) Object.assign(pair(id), { live, liveLease: String(item.lease ?? '0') });
    }
  }
  const tasks = [...pairs.entries()]
    .map(([id, p]) => taskView(id, p))
    .filter((t): t is TaskView => t !== null);
  const children = new Map<string, string[]>();
  for (const t of tasks) if (t.parent) children.set(t.parent, [...(children.get(t.parent) ?? []), t.id]);
  for (const t of tasks) t.children = children.get(t.id) ?? [];
  return tasks;
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
