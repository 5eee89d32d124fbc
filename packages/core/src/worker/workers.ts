// Reads the registered workers of a group (or of every group) from /workers/.
import type { Namespace } from 'etcd3';
import { readPrefix } from '../etcd/pages';
import { parseWorkerKey, WORKERS_ROOT, workerDir } from './keys';
import { decodeRecord, type WorkerRecord, workerRecord } from './records';

export type RegisteredWorker = { group: string; id: string; record: WorkerRecord; lease: string };

export async function readWorkers(
  kv: Namespace,
  group?: string,
): Promise<{ workers: RegisteredWorker[]; revision: number }> {
  const snapshot = await readPrefix(kv, group ? workerDir(group) : WORKERS_ROOT);
  const workers: RegisteredWorker[] = [];
  for (const item of snapshot.kvs) {
    const name = parseWorkerKey(item.key.toString());
    const record = name ? decodeRecord(workerRecord, item.value) : null;
    if (!name || !record) continue;
    workers.push({ ...name, record, lease: String(item.lease ?? '0') });
  }
  return { workers, revision: snapshot.revision };
}

/** Whether a worker runs a type: workers that list no types are assumed to run any. */
export function handlesType(worker: WorkerRecord, type: string): boolean {
  return worker.types.length === 0 || worker.types.includes(type);
}
