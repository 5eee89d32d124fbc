// GET workers: each group's registered workers with lease TTLs and what they run (with live progress).
import 'server-only';
import { decodeRecord, progressRecord, runKey } from '@etcd-console/core/worker';
import type { Namespace } from 'etcd3';
import type { z } from 'zod';
import { etcdClient, etcdKv } from '../etcd/client';
import { type LoadedWorker, loadVisibleWorkers } from './load';
import type { WorkerView, workersResponse } from './schemas';
import { commandVisible } from './visibility';

/** The workers the caller may see; the progress of what they run only where it may see the commands too. */
export async function listWorkers(group?: string): Promise<z.infer<typeof workersResponse>> {
  const kv = etcdKv();
  const { workers, revision } = await loadVisibleWorkers(kv, group);
  const views = await Promise.all(workers.map((w) => describeWorker(kv, w)));
  const groups = new Map<string, WorkerView[]>();
  for (const view of views) groups.set(view.group, [...(groups.get(view.group) ?? []), view]);
  return {
    groups: [...groups.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, list]) => ({ group: name, workers: list.sort((a, b) => a.id.localeCompare(b.id)) })),
    revision,
  };
}

async function describeWorker(kv: Namespace, worker: LoadedWorker): Promise<WorkerView> {
  const { record } = worker;
  // Progress lives under /commands/<group>/: a caller who may see the worker but not its group's commands gets
  // only what the registration itself says.
  const progressVisible = commandVisible(worker.group);
  const [remaining, running] = await Promise.all([
    remainingTtl(worker.lease),
    Promise.all(
      record.running.map(async (item) => {
        if (!progressVisible) return { ...item, percent: null, message: '' };
        const raw = await kv
          .get(runKey(worker.group, item.commandId, item.slot, 'progress'))
          .buffer()
          .catch(() => null);
        const progress = raw ? decodeRecord(progressRecord, raw) : null;
        return { ...item, percent: progress?.percent ?? null, message: progress?.message ?? '' };
      }),
    ),
  ]);
  return {
    id: worker.id,
    group: worker.group,
    hostname: record.hostname,
    pid: record.pid,
    capacity: record.capacity,
    version: record.version,
    types: record.types,
    startedAt: record.startedAt,
    updatedAt: record.updatedAt,
    lease: worker.lease,
    ttlSeconds: record.ttlSeconds,
    remainingTtlSeconds: remaining,
    running,
  };
}

async function remainingTtl(lease: string): Promise<number | null> {
  if (lease === '0') return null;
  try {
    const res = await etcdClient().leaseClient.leaseTimeToLive({ ID: lease });
    const ttl = Number(res.TTL);
    return ttl >= 0 ? ttl : null;
  } catch {
    return null;
  }
}
