import 'server-only';
// One collection of the domain figures, as the console's own identity, shared by every scrape for a few seconds.
import { runWithContext } from '../../auth/context';
import { readEtcdHealth } from '../../cluster/health';
import { etcdClient, etcdConfig } from '../../etcd/client';
import { readClusterPart } from './read-cluster';
import { readCommandRows, readTaskRows } from './read-dispatch';
import { readServiceRows } from './read-services';
import { readSubscriberRows } from './read-subscribers';
import type { Area, DomainSnapshot } from './types';

/** Several Prometheus servers (or replicas of one) scraping within this window share one collection. */
export const COLLECTION_TTL_MS = 5000;
/** An area that takes longer is reported as failed; the scrape still answers. */
const AREA_TIMEOUT_MS = 4000;

type Cached = { at: number; snapshot: Promise<DomainSnapshot> };
const holder = globalThis as typeof globalThis & { __domainSnapshots?: Map<string, Cached> };

function withTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), AREA_TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

async function collect(): Promise<DomainSnapshot> {
  const now = Date.now();
  const areas: DomainSnapshot['areas'] = [];
  const run = async <T>(area: Area, work: () => Promise<T>): Promise<T | null> => {
    const started = performance.now();
    try {
      const value = await withTimeout(work());
      areas.push({ area, ok: true, seconds: (performance.now() - started) / 1000 });
      return value;
    } catch {
      areas.push({ area, ok: false, seconds: (performance.now() - started) / 1000 });
      return null;
    }
  };
  const [health, cluster, services, commands, tasks, subscribers] = await Promise.all([
    run('etcd', () => readEtcdHealth(etcdClient(), etcdConfig().endpoints)),
    run('cluster', () => readClusterPart(now)),
    run('services', () => readServiceRows(now)),
    run('dispatch', () => readCommandRows(now)),
    run('tasks', () => readTaskRows(now)),
    run('subscribers', readSubscriberRows),
  ]);
  return {
    collectedAt: now,
    etcdUp: health !== null,
    cluster,
    keyspace: {
      ...(services ? { services } : {}),
      ...(commands ? { commands } : {}),
      ...(tasks ? { tasks: tasks.rows, tasksByState: tasks.byState } : {}),
      ...(subscribers ? { subscribers } : {}),
    },
    areas: areas.sort((a, b) => a.area.localeCompare(b.area)),
  };
}

/**
 * The current snapshot of `cluster` (a profile name), collected at most once per COLLECTION_TTL_MS. It is read with
 * the console's own credentials (no caller's actor), so what reaches a caller is decided where it is rendered.
 */
export function domainSnapshot(cluster: string): Promise<DomainSnapshot> {
  holder.__domainSnapshots ??= new Map();
  const cache = holder.__domainSnapshots;
  const hit = cache.get(cluster);
  if (hit && Date.now() - hit.at < COLLECTION_TTL_MS) return hit.snapshot;
  const snapshot = runWithContext(
    { actor: null, source: 'metrics', route: 'metrics', audited: true, cluster },
    collect,
  );
  cache.set(cluster, { at: Date.now(), snapshot });
  return snapshot;
}

/** Tests start from a clean slate. */
export function forgetDomainSnapshots(): void {
  delete holder.__domainSnapshots;
}
