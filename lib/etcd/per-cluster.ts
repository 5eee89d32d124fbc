// Process-wide state that belongs to one etcd cluster (caches, jobs, timers), kept apart per cluster profile.
import { currentClusterName } from './cluster-context';

const holder = globalThis as typeof globalThis & { __perCluster?: Map<string, unknown> };

/** The `slot` state of the current request's cluster, created on first use. */
export function perCluster<T>(slot: string, create: () => T): T {
  holder.__perCluster ??= new Map();
  const id = `${currentClusterName()}\u0000${slot}`;
  if (!holder.__perCluster.has(id)) holder.__perCluster.set(id, create());
  return holder.__perCluster.get(id) as T;
}
