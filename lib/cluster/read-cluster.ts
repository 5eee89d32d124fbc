import 'server-only';
// GET /api/v1/cluster: members probed one by one, the agreed leader, alarms and the compaction point.
import type { z } from 'zod';
import { describeAlarms, readRawAlarms } from './alarms';
import { readCompactRevision } from './compact-revision';
import { readMembers } from './read-members';
import type { clusterAnswer } from './schemas';

export type ClusterView = z.infer<typeof clusterAnswer>;

export async function readCluster(): Promise<ClusterView> {
  const [view, raw] = await Promise.all([readMembers(), readRawAlarms()]);
  const revision = Math.max(view.revision, raw.revision);
  return {
    clusterId: view.clusterId,
    leader: view.leader,
    revision,
    compactRevision: await readCompactRevision(revision),
    alarms: describeAlarms(raw.alarms, view.members),
    members: view.members,
  };
}
