import 'server-only';
// Every member from the member list, each probed at its own client URL in parallel.
import type { z } from 'zod';
import { etcdClient } from '../etcd/client';
import { retainMemberClients } from './member-clients';
import { probeMember } from './member-status';
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

export async function readMembers(): Promise<MembersView> {
  const list = await etcdClient().cluster.memberList({});
  const urls = list.members.map((m) => m.clientURLs[0]).filter((u): u is string => Boolean(u));
  retainMemberClients(urls);
  const members: MemberReport[] = await Promise.all(
    list.members.map(async (m) => {
      const url = m.clientURLs[0];
      const probe = url
        ? await probeMember(url)
        : { status: null, error: 'not started: the member has no client URL yet', latencyMs: 0 };
      return {
        id: m.ID,
        name: m.name,
        peerUrls: m.peerURLs,
        clientUrls: m.clientURLs,
        isLearner: Boolean(m.isLearner),
        isLeader: false,
        ...probe,
      };
    }),
  );
  const leader = agreedLeader(members);
  for (const m of members) m.isLeader = m.id === leader;
  return { clusterId: list.header.cluster_id, leader, revision: Number(list.header.revision), members };
}
