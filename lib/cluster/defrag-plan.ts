// Rolling defragmentation order: learners and followers first, the current leader last, one at a time.

import type { DefragJob } from './defrag-record';
import type { MemberReport } from './read-members';

type Step = DefragJob['steps'][number];

export function roleOf(member: Pick<MemberReport, 'isLeader' | 'isLearner'>): Step['role'] {
  if (member.isLeader) return 'leader';
  return member.isLearner ? 'learner' : 'follower';
}

/** The steps in planned order, every one pending. */
export function planSteps(members: MemberReport[]): Step[] {
  const rank = { learner: 0, follower: 1, leader: 2 } as const;
  return members
    .map((m) => ({ member: m, role: roleOf(m) }))
    .sort((a, b) => rank[a.role] - rank[b.role] || a.member.name.localeCompare(b.member.name))
    .map(({ member, role }) => ({
      memberId: member.id,
      name: member.name,
      role,
      state: 'pending' as const,
      dbSizeBefore: member.status?.dbSize ?? null,
      dbSizeAfter: null,
      startedAt: null,
      finishedAt: null,
      error: null,
    }));
}

/** The next pending step; the leader's waits until it is the only one left (leadership may have moved). */
export function nextStep(steps: Step[], leader: string | null): Step | undefined {
  const pending = steps.filter((s) => s.state === 'pending');
  return pending.find((s) => s.memberId !== leader) ?? pending[0];
}

/** Members that do not answer: defragmenting one more of them could cost the cluster its quorum. */
export function unreachable(members: MemberReport[]): MemberReport[] {
  return members.filter((m) => m.status === null);
}
