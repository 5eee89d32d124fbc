// GET tasks: live and recently finished work reports (and one by id, telling "lost" from "never existed").
import 'server-only';
import type { z } from 'zod';
import { ApiError } from '../api/errors';
import { etcdKv } from '../etcd/client';
import { loadVisibleTasks } from './load-tasks';
import { pruneIfDue } from './prune';
import type { TaskView, tasksQuery, tasksResponse } from './schemas';
import { taskVisible } from './visibility';

export async function listTasks(query: z.infer<typeof tasksQuery>): Promise<z.infer<typeof tasksResponse>> {
  const kv = etcdKv();
  await pruneIfDue(kv);
  const { tasks, revision } = await loadVisibleTasks(kv);
  const shown = tasks
    .filter((t) => (!query.state || t.state === query.state) && (!query.parent || t.parent === query.parent))
    .sort(byRecency)
    .slice(0, query.limit);
  return { tasks: shown, revision };
}

/** 404 for a report the caller may not see, exactly as for one that never existed. */
export async function readTask(id: string): Promise<TaskView & { revision: number }> {
  const missing = new ApiError('not_found', `No task ${id}: it never existed or was pruned.`);
  if (!taskVisible(id)) throw missing;
  const { tasks, revision } = await loadVisibleTasks(etcdKv());
  const task = tasks.find((t) => t.id === id);
  if (!task) throw missing;
  return { ...task, revision };
}

/** Running first, then by last update, newest first. */
function byRecency(a: TaskView, b: TaskView): number {
  const running = Number(b.state === 'running') - Number(a.state === 'running');
  return running || Date.parse(b.updatedAt) - Date.parse(a.updatedAt);
}
