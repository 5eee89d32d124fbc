import { perCluster } from '../etcd/per-cluster';
import 'server-only';
// The compaction point for the cluster view: probed with a time budget and remembered briefly.
import { etcdClient } from '../etcd/client';
import { findCompactRevision } from '../etcd/compaction';

const BUDGET_MS = 500;
const TTL_MS = 5000;

type Remembered = { value: number; at: number };

function memory() {
  return perCluster('compact-revision', () => ({ remembered: null as Remembered | null, generation: 0 }));
}

/** The oldest readable revision, or null when the probe did not finish within its budget. */
export async function readCompactRevision(currentRevision: number): Promise<number | null> {
  const mem = memory();
  if (mem.remembered && Date.now() - mem.remembered.at < TTL_MS) return mem.remembered.value;
  const generation = mem.generation;
  // A probe that outlives its budget finishes in the background and fills the memory for the next call,
  // unless a compaction happened meanwhile (its answer may predate it).
  const probe = findCompactRevision(etcdClient(), currentRevision).then((value) => {
    if (mem.generation === generation) mem.remembered = { value, at: Date.now() };
    return value;
  });
  probe.catch(() => {}); // a late failure has no one left to tell
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), BUDGET_MS);
  });
  try {
    return await Promise.race([probe, timeout]);
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}

/** Forgets the remembered point, after this process compacted. */
export function forgetCompactRevision(): void {
  const mem = memory();
  mem.remembered = null;
  mem.generation += 1;
}
