import 'server-only';
// The compaction point for the cluster view: probed with a time budget and remembered briefly.
import { etcdClient } from '../etcd/client';
import { findCompactRevision } from '../etcd/compaction';

const BUDGET_MS = 500;
const TTL_MS = 5000;

const holder = globalThis as typeof globalThis & { __etcdCompactRevision?: { value: number; at: number } };

/** The oldest readable revision, or null when the probe did not finish within its budget. */
export async function readCompactRevision(currentRevision: number): Promise<number | null> {
  const cached = holder.__etcdCompactRevision;
  if (cached && Date.now() - cached.at < TTL_MS) return cached.value;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), BUDGET_MS);
  });
  // A probe that outlives its budget finishes in the background and fills the cache for the next call.
  const probe = findCompactRevision(etcdClient(), currentRevision).then((value) => {
    holder.__etcdCompactRevision = { value, at: Date.now() };
    return value;
  });
  probe.catch(() => {}); // a late failure has no one left to tell
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
  delete holder.__etcdCompactRevision;
}
