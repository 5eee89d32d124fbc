import 'server-only';
// The defragmentation job's record in etcd, so every console replica can show (and not restart) a running job.
import type { z } from 'zod';
import { etcdKv } from '../etcd/client';
import { logger } from '../log/logger';
import { defragJob } from './schemas';

export type DefragJob = z.infer<typeof defragJob>;

/** Relative to ETCD_PREFIX, inside the console's reserved area. */
export const DEFRAG_RECORD_KEY = '/_console/maintenance/defrag';

export type DefragRecord = { job: DefragJob | null; modRevision: number };

export async function readDefragRecord(): Promise<DefragRecord> {
  const res = await etcdKv().get(DEFRAG_RECORD_KEY).exec();
  const kv = res.kvs[0];
  if (!kv) return { job: null, modRevision: 0 };
  const parsed = defragJob.safeParse(safeJson(kv.value.toString('utf8')));
  return { job: parsed.success ? parsed.data : null, modRevision: Number(kv.mod_revision) };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * Writes the job only if the record is still at `modRevision` (0 = absent): two replicas cannot both start one.
 * Returns false when another writer got there first.
 */
export async function claimDefragRecord(job: DefragJob, modRevision: number): Promise<boolean> {
  const res = await etcdKv()
    .if(DEFRAG_RECORD_KEY, 'Mod', '==', modRevision)
    .then(etcdKv().put(DEFRAG_RECORD_KEY).value(JSON.stringify(job)))
    .commit();
  return res.succeeded;
}

/** Best effort: a full database (NOSPACE) refuses the write, and defragmenting is how one gets out of that. */
export async function saveDefragRecord(job: DefragJob): Promise<void> {
  try {
    await etcdKv().put(DEFRAG_RECORD_KEY).value(JSON.stringify(job)).exec();
  } catch (error) {
    logger.warn({ err: error, job: job.id }, 'could not record the defragmentation job in etcd');
  }
}
