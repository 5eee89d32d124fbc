import 'server-only';
// GET /api/v1/cluster: members probed one by one, the agreed leader, alarms and the compaction point.
import type { z } from 'zod';
import { isEtcdUnavailable } from '../api/etcd-errors';
import { describeAlarms, readRawAlarms } from './alarms';
import { readCompactRevision } from './compact-revision';
import { readMembers } from './read-members';
import type { clusterAnswer } from './schemas';

export type ClusterView = z.infer<typeof clusterAnswer>;

/** Alarms are read through raft: during an election they wait for a leader, which the view must not. */
const ALARMS_WITHIN_MS = 500;

export async function readCluster(): Promise<ClusterView> {
  const [view, raw] = await Promise.all([
    readMembers(),
    readRawAlarms(Date.now() + ALARMS_WITHIN_MS).catch((error: unknown) => {
      if (isEtcdUnavailable(error)) return null;
      throw error;
    }),
  ]);
  const revision = Math.max(view.revision, raw?.revision ?? 0);
  return {
    clusterId: view.clusterId,
    leader: view.leader,
    revision,
    compactRevision: await readCompactRevision(revision),
    alarms: raw ? describeAlarms(raw.alarms, view.members) : null,
    members: view.members,
  };
}
