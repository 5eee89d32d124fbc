// Browser calls to the cluster maintenance routes; errors come back as the server's ApiError.
import type { ClusterAlarm, CompactResult, DefragView, DisarmResult } from '../hooks/use-cluster';
import { fetchJson } from './fetcher';

const post = <T>(url: string, body?: unknown) =>
  fetchJson<T>(url, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });
const seg = encodeURIComponent;

export const clusterApi = {
  compact: (revision: number, physical: boolean) =>
    post<CompactResult>('/api/v1/cluster/compact', { revision, physical }),
  startDefrag: () => post<DefragView>('/api/v1/cluster/defrag'),
  disarm: (alarm?: Pick<ClusterAlarm, 'memberId' | 'alarm'>) =>
    post<DisarmResult>('/api/v1/cluster/alarms/disarm', alarm ?? {}),
  snapshotUrl: (memberId?: string) =>
    `/api/v1/cluster/snapshot${memberId ? `?memberId=${seg(memberId)}` : ''}`,
};
