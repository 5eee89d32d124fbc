import { perCluster } from '../etcd/per-cluster';
import 'server-only';
// The rolling defragmentation job: held in this process, mirrored to etcd for the other console replicas.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { z } from 'zod';
import { ApiError } from '../api/errors';
import { buildRecord, writeAudit } from '../audit/record';
import { runAudited } from '../audit/run-audited';
import { logger } from '../log/logger';
import { planSteps, unreachable } from './defrag-plan';
import { claimDefragRecord, type DefragJob, readDefragRecord, saveDefragRecord } from './defrag-record';
import { note, runDefrag } from './defrag-run';
import { readMembers } from './read-members';
import type { defragAnswer } from './schemas';

/** A running record nobody updated for this long belongs to a console that went away. */
const ABANDONED_AFTER_MS = 5 * 60_000;

const holder = () => perCluster('defrag-job', () => ({}) as { __etcdDefragJob?: DefragJob });

const owner = `${os.hostname()}:${process.pid}`;

function isLive(job: DefragJob): boolean {
  return job.state === 'running' && Date.now() - Date.parse(job.updatedAt) < ABANDONED_AFTER_MS;
}

/**
 * Plans and starts a job; 409 while one runs here or in another replica, or while a member is down. The start
 * is audited attempted-first (the job runs on after the answer); its end gets a record of its own.
 */
export async function startDefrag(): Promise<DefragJob> {
  if (holder().__etcdDefragJob?.state === 'running') {
    throw new ApiError('conflict', 'A defragmentation is already running.', {
      job: holder().__etcdDefragJob,
    });
  }
  const [view, record] = await Promise.all([readMembers(), readDefragRecord()]);
  if (record.job && isLive(record.job)) {
    throw new ApiError('conflict', `Console ${record.job.owner} is running a defragmentation.`, {
      job: record.job,
    });
  }
  const down = unreachable(view.members);
  if (down.length > 0) {
    throw new ApiError(
      'conflict',
      `Not starting: ${down.map((m) => m.name || m.id).join(', ')} not answering. Defragment when every member is up.`,
    );
  }
  const now = new Date().toISOString();
  const job: DefragJob = {
    id: randomUUID(),
    state: 'running',
    owner,
    startedAt: now,
    updatedAt: now,
    finishedAt: null,
    steps: planSteps(view.members),
    log: [],
  };
  note(job, `planned: ${job.steps.map((s) => `${s.name} (${s.role})`).join(' → ')}`);
  return runAudited(
    'cluster.defrag.start',
    [],
    async () => {
      await claim(job, record.modRevision);
      holder().__etcdDefragJob = job;
      void runDefrag(job, { onChange: saveDefragRecord }).then(() => auditEnd(job));
      return structuredClone(job);
    },
    {
      extra: { details: { job: job.id, members: job.steps.map((s) => s.name || s.memberId) } },
      // Defragmenting is one of the ways out of NOSPACE, while etcd refuses every put, this record too.
      evenWithoutSpace: true,
    },
  );
}

/** The job ran on after the request: its outcome is a record of its own, best effort like the job's record. */
async function auditEnd(job: DefragJob): Promise<void> {
  const record = buildRecord('cluster.defrag.end', [], {
    outcome: job.state === 'done' ? 'succeeded' : 'failed',
    details: { job: job.id, message: job.log[job.log.length - 1]?.message },
  });
  await writeAudit(record).catch((error) => {
    logger.error(
      { err: error, audit: record },
      'audit record of the defragmentation end could not be written',
    );
  });
}

async function claim(job: DefragJob, modRevision: number): Promise<void> {
  let claimed: boolean;
  try {
    claimed = await claimDefragRecord(job, modRevision);
  } catch (error) {
    // NOSPACE refuses the record; defragmenting is part of the way out, so go on without it.
    note(job, `could not record the job in etcd (${error instanceof Error ? error.message : String(error)})`);
    return;
  }
  if (!claimed) throw new ApiError('conflict', 'Another console replica started a defragmentation just now.');
}

/** This process's job while it runs; otherwise the newer of it and the record a replica left in etcd. */
export async function readDefrag(): Promise<z.infer<typeof defragAnswer>> {
  const local = holder().__etcdDefragJob;
  if (local?.state === 'running') return { job: structuredClone(local), source: 'local' };
  // With a local job to show, an unreachable etcd is no reason to fail.
  const stored = local
    ? await readDefragRecord().then(
        (r) => r.job,
        () => null,
      )
    : (await readDefragRecord()).job;
  if (local && (!stored || stored.id === local.id || stored.startedAt <= local.startedAt)) {
    return { job: structuredClone(local), source: 'local' };
  }
  if (!stored) return { job: null, source: 'none' };
  if (stored.state === 'running' && !isLive(stored)) {
    stored.state = 'failed';
    stored.log.push({
      at: stored.updatedAt,
      message: `abandoned: console ${stored.owner} stopped updating it`,
    });
  }
  return { job: stored, source: 'etcd' };
}
