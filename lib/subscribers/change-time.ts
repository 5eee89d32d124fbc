// etcd keeps no timestamps, so "when did revision R happen" is read off the status entries' write times.
import type { LiveSubscriber } from './read-statuses';

export type ChangeTime = { at: number; source: 'since' | 'status-clock' };

/**
 * The latest time revision R can have happened: the earliest write time (updatedAt) of a status entry written at a
 * revision above R. Every such write came after R, so the estimate is never early; with a healthy subscriber on
 * the key it is within that subscriber's apply latency. Null when no status entry was written after R.
 */
export function estimateRevisionTime(revision: number, subscribers: LiveSubscriber[]): number | null {
  let earliest: number | null = null;
  for (const s of subscribers) {
    if (s.modRevision <= revision || !s.updatedAt) continue;
    const at = Date.parse(s.updatedAt);
    if (Number.isFinite(at) && (earliest === null || at < earliest)) earliest = at;
  }
  return earliest;
}

/** The caller's `since` when given, else the status-clock estimate. */
export function changeTime(
  revision: number,
  subscribers: LiveSubscriber[],
  since?: string,
): ChangeTime | null {
  if (since) return { at: Date.parse(since), source: 'since' };
  const at = estimateRevisionTime(revision, subscribers);
  return at === null ? null : { at, source: 'status-clock' };
}
