// Retention: deletes finished commands and work reports past the policy, at most once per interval per process.
import { perCluster } from '../etcd/per-cluster';
import 'server-only';
import { commandDir, commandIndexKey, taskKey, taskRecordKey } from '@etcd-console/core/worker';
import type { Namespace } from 'etcd3';
import { logger } from '../log/logger';
import { summarizeCommand } from './command-view';
import { livenessOf, loadCommands, loadWorkers } from './load';
import { loadTasks } from './load-tasks';
import { type RetentionPolicy, readRetentionPolicy } from './retention-config';

const lastPrune = () => perCluster('dispatch-prune', () => ({ at: 0 }));

export async function pruneIfDue(kv: Namespace, now = Date.now()): Promise<void> {
  const policy = readRetentionPolicy();
  const last = lastPrune();
  if (now - last.at < policy.pruneIntervalSeconds * 1000) return;
  last.at = now;
  try {
    await Promise.all([pruneCommands(kv, policy, now), pruneTasks(kv, policy, now)]);
  } catch (error) {
    logger.warn({ err: error }, 'pruning finished commands and tasks failed; will retry later');
  }
}

/** Ids past the policy: beyond `keep` newest, or finished more than `maxAgeMs` ago. */
export function overPolicy(
  finished: Array<{ id: string; at: number }>,
  keep: number,
  maxAgeMs: number,
  now: number,
) {
  const newestFirst = [...finished].sort((a, b) => b.at - a.at);
  return newestFirst
    .filter((item, index) => index >= keep || now - item.at > maxAgeMs)
    .map((item) => item.id);
}

export async function pruneCommands(kv: Namespace, policy: RetentionPolicy, now: number): Promise<number> {
  const [{ table }, { workers }] = await Promise.all([loadCommands(kv), loadWorkers(kv)]);
  const live = livenessOf(workers);
  const byGroup = new Map<string, Array<{ id: string; at: number }>>();
  for (const entry of table.values()) {
    const summary = summarizeCommand(entry, live.get(entry.group) ?? new Set(), now);
    if (!summary?.finishedAt) continue;
    const list = byGroup.get(entry.group) ?? [];
    list.push({ id: entry.id, at: Date.parse(summary.finishedAt) });
    byGroup.set(entry.group, list);
  }
  let deleted = 0;
  for (const [group, finished] of byGroup) {
    for (const id of overPolicy(finished, policy.commandsCount, policy.commandsSeconds * 1000, now)) {
      await kv
        .if(commandIndexKey(id), 'Version', '>', -1)
        .then(kv.delete().prefix(commandDir(group, id)), kv.delete().key(commandIndexKey(id)))
        .commit();
      deleted++;
    }
  }
  return deleted;
}

export async function pruneTasks(kv: Namespace, policy: RetentionPolicy, now: number): Promise<number> {
  const { tasks } = await loadTasks(kv);
  const finished = tasks
    .filter((t) => t.state !== 'running')
    .map((t) => ({ id: t.id, at: Date.parse(t.finishedAt ?? t.updatedAt) }));
  const ids = overPolicy(finished, policy.tasksCount, policy.tasksSeconds * 1000, now);
  for (const id of ids) {
    await kv
      .if(taskRecordKey(id), 'Version', '>', -1)
      .then(kv.delete().key(taskRecordKey(id)), kv.delete().key(taskKey(id)))
      .commit();
  }
  return ids.length;
}
