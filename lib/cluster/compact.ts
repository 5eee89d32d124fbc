import 'server-only';
// Compaction: etcd forgets every revision before the given one, for every key.
import type { z } from 'zod';
import { ApiError } from '../api/errors';
import { isCompactedError } from '../api/etcd-errors';
import { runAudited } from '../audit/run-audited';
import { etcdClient } from '../etcd/client';
import { forgetCompactRevision } from './compact-revision';
import type { compactAnswer, compactBody } from './schemas';

/** A physical compaction waits for the backend; give it longer than an interactive call. */
const PHYSICAL_DEADLINE_MS = 60_000;

/** No transaction: the audit record is written first (attempted), then completed. */
export async function compactCluster(
  body: z.infer<typeof compactBody>,
): Promise<z.infer<typeof compactAnswer>> {
  return runAudited('cluster.compact', [], () => compact(body), {
    extra: { details: { revision: body.revision, physical: body.physical } },
    // Compacting is one of the ways out of NOSPACE, while etcd refuses every put, this record too.
    evenWithoutSpace: true,
  });
}

async function compact(body: z.infer<typeof compactBody>): Promise<z.infer<typeof compactAnswer>> {
  try {
    const res = await etcdClient().kv.compact(
      { revision: String(body.revision), physical: body.physical },
      body.physical ? { deadline: Date.now() + PHYSICAL_DEADLINE_MS } : undefined,
    );
    return { compactRevision: body.revision, physical: body.physical, revision: Number(res.header.revision) };
  } catch (error) {
    if (isCompactedError(error)) {
      throw new ApiError(
        'conflict',
        `Revision ${body.revision} is already compacted: history starts after it.`,
      );
    }
    throw error;
  } finally {
    forgetCompactRevision();
  }
}
