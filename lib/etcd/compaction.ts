// etcd 3.4 does not report its compaction point; find it by probing historical reads (about log2(revision) calls).
import type { Etcd3, Namespace } from 'etcd3';
import { isCompactedError } from '../api/etcd-errors';

async function readableAt(client: Etcd3, revision: number): Promise<boolean> {
  try {
    await client.kv.range({ key: Buffer.from([0]), revision: String(revision), limit: '1', keys_only: true });
    return true;
  } catch (error) {
    if (isCompactedError(error)) return false;
    throw error;
  }
}

/** Has etcd compacted away `revision`? (Any other failure answers no: the caller's next call will tell.) */
export async function isRevisionCompacted(kv: Namespace, revision: number): Promise<boolean> {
  try {
    await kv.get('\0').revision(revision);
    return false;
  } catch (error) {
    return isCompactedError(error);
  }
}

/** The oldest revision still readable (0 when history is complete). */
export async function findCompactRevision(client: Etcd3, currentRevision: number): Promise<number> {
  if (currentRevision <= 1 || (await readableAt(client, 1))) return 0;
  let lo = 1; // not readable
  let hi = currentRevision; // readable
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (await readableAt(client, mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}
