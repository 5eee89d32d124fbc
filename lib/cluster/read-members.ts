import 'server-only';
// Every member from the member list, each probed at its own client URL in parallel.
import type { IMemberListResponse } from 'etcd3';
import type { z } from 'zod';
import { etcdConfig } from '../etcd/client';
import { MEMBER_CALL_TIMEOUT_MS, memberClient, retainMemberClients } from './member-clients';
import { type MemberProbe, probeMember } from './member-status';
import type { memberReport } from './schemas';

export type MemberReport = z.infer<typeof memberReport>;

export type MembersView = {
  clusterId: string;
  /** Member ID of the leader, null while no member that answered knows one. */
  leader: string | null;
  revision: number;
  members: MemberReport[];
};

/** The leader as seen by the answering member with the newest raft term. */
function agreedLeader(members: MemberReport[]): string | null {
  let best: { term: number; leader: string } | null = null;
  for (const m of members) {
    if (!m.status) continue;
    if (!best || m.status.raftTerm > best.term) best = { term: m.status.raftTerm, leader: m.status.leader };
  }
  return best && best.leader !== '0' ? best.leader : null;
}

/**
 * The member list from whichever configured endpoint answers first, each through its own small client: the view
 * stays available when the console's main client has its circuit open (e.g. after NOSPACE refusals).
 */
async function listMembers(): Promise<IMemberListResponse> {
  const deadline = Date.now() + MEMBER_CALL_TIMEOUT_MS;
  try {
    return await Promise.any(
      etcdConfig().endpoints.map((url) => memberClient(url).cluster.memberList({}, { deadline })),
    );
  } catch (error) {
    throw error instanceof AggregateError ? error.errors[0] : error;
  }
}

export async function readMembers(): Promise<MembersView> {
  const list = await listMembers();
  const urls = list.members.map((m) => m.clientURLs[0]).filter((u): u is string => Boolean(u));
  retainMemberClients([...urls, ...etcdConfig().endpoints]);
  const probes = await Promise.all(
    list.members.map((m) => {
      const url = m.clientURLs[0];
      return url ? probeMember(url) : notStarted();
    }),
  );
  const members: MemberReport[] = list.members.map((m, i) => {
    const { status, error, latencyMs } = probes[i] ?? notStarted();
    return {
      id: m.ID,
      name: m.name,
      peerUrls: m.peerURLs,
      clientUrls: m.clientURLs,
      isLearner: Boolean(m.isLearner),
      isLeader: false,
      status,
      error,
      latencyMs,
    };
  });
  const leader = agreedLeader(members);
  for (const m of members) m.isLeader = m.id === leader;
  // etcd 3.4 leaves the revision out of member-list headers: take it from the status answers.
  const revision = Math.max(0, ...probes.map((p) => p.revision));
  return { clusterId: list.header.cluster_id, leader, revision, members };
}

function notStarted(): MemberProbe {
  return { status: null, error: 'not started: the member has no client URL yet', latencyMs: 0, revision: 0 };
}
