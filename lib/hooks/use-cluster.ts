'use client';
import useSWR, { type SWRConfiguration } from 'swr';
import type { z } from 'zod';
import { swrFetcher } from '../client/fetcher';
import type {
  alarmReport,
  clusterAnswer,
  compactAnswer,
  defragAnswer,
  disarmAnswer,
  memberReport,
  spaceAnswer,
} from '../cluster/schemas';
import { useLiveRevalidate } from '../live/use-live';

export type ClusterView = z.infer<typeof clusterAnswer>;
export type ClusterMember = z.infer<typeof memberReport>;
export type ClusterAlarm = z.infer<typeof alarmReport>;
export type DefragView = z.infer<typeof defragAnswer>;
export type DefragJobView = NonNullable<DefragView['job']>;
export type SpaceView = z.infer<typeof spaceAnswer>;
export type CompactResult = z.infer<typeof compactAnswer>;
export type DisarmResult = z.infer<typeof disarmAnswer>;

export const CLUSTER_URL = '/api/v1/cluster';
export const DEFRAG_URL = '/api/v1/cluster/defrag';
export const SPACE_URL = '/api/v1/cluster/space';

/** SWR backs off exponentially after errors; a health view must keep asking at its own pace. */
const steadyRetry =
  (ms: number): SWRConfiguration['onErrorRetry'] =>
  (_error, _key, _config, revalidate) => {
    setTimeout(() => void revalidate({ retryCount: 0 }), ms);
  };

/**
 * Every member as it sees itself. Polled every 2 s: a member that stops answering produces no etcd event,
 * so only asking again shows it; keyspace changes (revision moves) refetch sooner, coalesced.
 */
export function useCluster() {
  const result = useSWR<ClusterView>(CLUSTER_URL, swrFetcher, {
    refreshInterval: 2000,
    dedupingInterval: 1000,
    keepPreviousData: true,
    onErrorRetry: steadyRetry(2000),
  });
  useLiveRevalidate('', [CLUSTER_URL], 1000);
  return result;
}

/** The latest rolling defragmentation: polled each second while it runs, and on every record change. */
export function useDefrag() {
  const result = useSWR<DefragView>(DEFRAG_URL, swrFetcher, {
    refreshInterval: (data) => (data?.job?.state === 'running' ? 1000 : 0),
  });
  useLiveRevalidate('/_console/maintenance/', [DEFRAG_URL], 200);
  return result;
}

/** Keys and bytes per top-level prefix (the server caches the scan ~10 s); refreshed on demand only. */
export function useSpace() {
  return useSWR<SpaceView>(SPACE_URL, swrFetcher, { revalidateOnFocus: false });
}
