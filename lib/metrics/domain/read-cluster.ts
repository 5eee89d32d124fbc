import 'server-only';
// Members (reachable, db size against quota, leader) and alarms: the member list, one status call per member at its
// own URL, the quota from each member's /metrics (cached 30 s, lib/cluster/member-metrics.ts), one alarm call.
import { readRawAlarms } from '../../cluster/alarms';
import { MEMBER_CALL_TIMEOUT_MS } from '../../cluster/member-clients';
import { readMembers } from '../../cluster/read-members';
import { perCluster } from '../../etcd/per-cluster';
import type { ClusterPart, MemberRow } from './types';

/** etcd's default --quota-backend-bytes, assumed when a member's /metrics cannot be read. */
export const DEFAULT_QUOTA_BYTES = 2 * 1024 * 1024 * 1024;

const ALARM_NAMES: Record<string, string> = { Nospace: 'NOSPACE', Corrupt: 'CORRUPT' };

const HOUR_MS = 60 * 60 * 1000;

/** Counts leader id changes between collections; the first one sets the baseline. */
export class LeaderTracker {
  private last: string | undefined;
  private times: number[] = [];
  changes = 0;

  observe(leader: string | null, now: number): { changes: number; recent: number } {
    // A collection without a leader is not a change; the next leader compared with the last known one is.
    if (leader !== null) {
      if (this.last !== undefined && leader !== this.last) {
        this.changes += 1;
        this.times.push(now);
      }
      this.last = leader;
    }
    this.times = this.times.filter((t) => now - t <= HOUR_MS);
    return { changes: this.changes, recent: this.times.length };
  }
}

export async function readClusterPart(now = Date.now()): Promise<ClusterPart> {
  const [view, alarms] = await Promise.all([
    readMembers(),
    readRawAlarms(Date.now() + MEMBER_CALL_TIMEOUT_MS).catch(() => null),
  ]);
  const members: MemberRow[] = view.members.map((m) => ({
    id: m.id,
    name: m.name || m.id,
    up: m.status !== null,
    dbSize: m.status?.dbSize ?? null,
    dbSizeInUse: m.status?.dbSizeInUse ?? null,
    quotaBytes: m.status?.quotaBytes ?? DEFAULT_QUOTA_BYTES,
    quotaReported: m.status?.quotaBytes != null,
    isLeader: m.isLeader,
  }));
  const nameOf = (id: string) => members.find((m) => m.id === id)?.name ?? id;
  const leaderChanges = perCluster('metrics.leader', () => new LeaderTracker()).observe(view.leader, now);
  return {
    members,
    // Unknown (null) when the alarm call failed: no series rather than a reassuring 0.
    alarms:
      alarms?.alarms.flatMap((a) => {
        const alarm = ALARM_NAMES[String(a.alarm)];
        return alarm ? [{ memberId: a.memberID, member: nameOf(a.memberID), alarm }] : [];
      }) ?? null,
    leader: view.leader,
    leaderChanges: leaderChanges.changes,
    recentLeaderChanges: leaderChanges.recent,
  };
}
