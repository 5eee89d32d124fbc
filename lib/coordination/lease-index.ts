import 'server-only';
// Discovery of elections, locks and Patroni clusters by lease, never by reading the keyspace: every recipe key sits
// on a session lease and is named after it, so one LeaseLeases call plus one LeaseTimeToLive(keys) per lease not
// seen before finds them all, whatever the keyspace holds (etcd 3.4 would walk a whole range even with a limit).
import type { Etcd3 } from 'etcd3';
import { etcdConfig, etcdSystemClient } from '../etcd/client';
import { currentClusterName } from '../etcd/cluster-context';
import { type Candidate, candidateOf, utf8Key } from './recipes';

/** Leases looked at for the first time per refresh; the rest wait for the next one. */
export const MAX_NEW_LEASES_PER_REFRESH = 1000;
/** Known leases looked at again per refresh (a session may campaign on a new prefix later). */
const RECHECKS_PER_REFRESH = 32;
const RECHECK_AFTER_MS = 30_000;
/** Requests within this long share one refresh. */
const FRESH_MS = 1000;
const CONCURRENCY = 16;

type LeaseEntry = { candidates: Candidate[]; checkedAt: number };

export type IndexSnapshot = {
  candidates: Candidate[];
  /** Leases not looked at yet (more than one refresh takes): their elections appear on a later request. */
  pendingLeases: number;
};

class LeaseIndex {
  private readonly leases = new Map<string, LeaseEntry>();
  private pending = 0;
  private refreshedAt = 0;
  private running: Promise<void> | null = null;

  async snapshot(client: Etcd3, namespace: string): Promise<IndexSnapshot> {
    if (Date.now() - this.refreshedAt > FRESH_MS) {
      this.running ??= this.refresh(client, namespace).finally(() => {
        this.running = null;
      });
      await this.running;
    }
    const byPrefix = new Map<string, Candidate>();
    for (const entry of this.leases.values()) {
      for (const c of entry.candidates) byPrefix.set(`${c.kind}:${c.prefix}`, c);
    }
    return { candidates: [...byPrefix.values()], pendingLeases: this.pending };
  }

  private async refresh(client: Etcd3, namespace: string): Promise<void> {
    const res = await client.leaseClient.leaseLeases();
    const live = new Set(res.leases.map((l) => String(l.ID)));
    for (const id of this.leases.keys()) if (!live.has(id)) this.leases.delete(id);
    const fresh = [...live].filter((id) => !this.leases.has(id));
    const now = Date.now();
    const stale = [...this.leases.entries()]
      .filter(([, e]) => now - e.checkedAt > RECHECK_AFTER_MS)
      .sort(([, a], [, b]) => a.checkedAt - b.checkedAt)
      .slice(0, RECHECKS_PER_REFRESH)
      .map(([id]) => id);
    const batch = [...fresh.slice(0, MAX_NEW_LEASES_PER_REFRESH), ...stale];
    this.pending = Math.max(0, fresh.length - MAX_NEW_LEASES_PER_REFRESH);
    await inParallel(batch, async (id) => {
      const candidates = await leaseCandidates(client, namespace, id);
      if (candidates) this.leases.set(id, { candidates, checkedAt: Date.now() });
    });
    this.refreshedAt = Date.now();
  }
}

async function inParallel(ids: string[], work: (id: string) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < ids.length) await work(ids[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, ids.length) }, worker));
}

/** The candidates among a lease's keys, or null when the lease is gone. */
async function leaseCandidates(client: Etcd3, namespace: string, id: string): Promise<Candidate[] | null> {
  let keys: Buffer[];
  try {
    const res = await client.leaseClient.leaseTimeToLive({ ID: id, keys: true });
    if (Number(res.TTL) < 0) return null;
    keys = res.keys ?? [];
  } catch (error) {
    if (error instanceof Error && /lease not found/i.test(error.message)) return null;
    throw error;
  }
  const ns = Buffer.from(namespace);
  const out: Candidate[] = [];
  for (const full of keys) {
    // Keys outside ETCD_PREFIX are outside the console's keyspace.
    if (!full.subarray(0, ns.length).equals(ns)) continue;
    const key = utf8Key(full.subarray(ns.length));
    const candidate = key === null ? null : candidateOf(key, id);
    if (candidate) out.push(candidate);
  }
  return out;
}

const holder = globalThis as typeof globalThis & { __coordinationIndexes?: Map<string, LeaseIndex> };

function indexFor(cluster: string): LeaseIndex {
  holder.__coordinationIndexes ??= new Map();
  let index = holder.__coordinationIndexes.get(cluster);
  if (!index) {
    index = new LeaseIndex();
    holder.__coordinationIndexes.set(cluster, index);
  }
  return index;
}

/**
 * Where elections, locks and Patroni clusters may be in the current cluster. Read with the console's own client:
 * it says only where to look, and is shared by every caller; what a caller is shown is read with their own
 * credentials, and only from prefixes they may read whole (read-contenders.ts).
 */
export function discoverCandidates(): Promise<IndexSnapshot> {
  return indexFor(currentClusterName()).snapshot(etcdSystemClient(), etcdConfig().prefix);
}

/** Forgets every index (tests that restart etcd). */
export function resetCoordinationIndexes(): void {
  delete holder.__coordinationIndexes;
}
