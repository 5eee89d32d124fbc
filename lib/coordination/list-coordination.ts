import 'server-only';
// GET /api/v1/coordination: every election, lock and Patroni cluster the caller may read, with holders and waiters.
import { readableRanges } from '../auth/access';
import { etcdClient } from '../etcd/client';
import { readLeaseTtls } from '../registry/lease-ttls';
import { buildEntry, leasesOf } from './build-entry';
import { noteRead } from './held-since';
import { discoverCandidates } from './lease-index';
import { dirOf, mayReadWhole, readContenders } from './read-contenders';
import type { Candidate } from './recipes';
import type { CoordinationEntry, CoordinationList } from './schemas';

/** Prefixes listed per request, in name order. */
export const MAX_LISTED = 200;
/** Leases whose TTL a list looks up; past it, TTLs read null (the detail view looks up its own). */
export const MAX_TTL_LOOKUPS = 500;

function byPrefix(a: Candidate, b: Candidate): number {
  if (a.prefix !== b.prefix) return a.prefix < b.prefix ? -1 : 1;
  return a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0;
}

/** Reads the given candidates for the current actor and turns them into entries (TTLs included). */
export async function readEntries(
  candidates: Candidate[],
): Promise<{ entries: CoordinationEntry[]; revision: number }> {
  const { reads, revision } = await readContenders(candidates);
  const leases = [...new Set(reads.flatMap(leasesOf))].slice(0, MAX_TTL_LOOKUPS);
  const ttls = await readLeaseTtls(etcdClient(), leases);
  const entries = reads.flatMap((read) => buildEntry(read, revision, (id) => ttls.get(id)) ?? []);
  noteRead(revision);
  return { entries, revision };
}

export async function listCoordination(): Promise<CoordinationList> {
  const { candidates, pendingLeases } = await discoverCandidates();
  // Only what the caller may read whole is counted or listed: nothing about the rest, not even how much there is.
  const visible = candidates.filter((c) => mayReadWhole(dirOf(c))).sort(byPrefix);
  const { entries, revision } = await readEntries(visible.slice(0, MAX_LISTED));
  return {
    entries,
    revision,
    truncated: visible.length > MAX_LISTED,
    pendingLeases: readableRanges() === null ? pendingLeases : 0,
  };
}
