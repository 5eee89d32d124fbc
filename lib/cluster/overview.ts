import 'server-only';
import { etcdClient, etcdConfig, etcdKv } from '../etcd/client';
import { countReadable } from '../kv/readable-pages';

export type OverviewMember = {
  id: string;
  name: string;
  clientUrls: string[];
  isLearner: boolean;
  isLeader: boolean;
};

export type Overview = {
  clusterId: string;
  version: string;
  endpoints: string[];
  prefix: string;
  leader: { id: string; name: string };
  members: OverviewMember[];
  revision: number;
  dbSize: number;
  keyCount: number;
  instanceCount: number;
  workerCount: number;
};

/**
 * Real figures for the Overview page; each is one cheap etcd call (counts use count_only ranges). The key, instance
 * and worker counts are of what the caller may read: one count per readable part for a scoped caller.
 */
export async function readOverview(): Promise<Overview> {
  const client = etcdClient();
  const kv = etcdKv();
  const [status, memberList, keyCount, instanceCount, workerCount] = await Promise.all([
    client.maintenance.status(),
    client.cluster.memberList({}),
    countReadable(kv, ''),
    countReadable(kv, '/services/'),
    countReadable(kv, '/workers/'),
  ]);
  const members = memberList.members.map((m) => ({
    id: m.ID,
    name: m.name,
    clientUrls: m.clientURLs,
    isLearner: Boolean(m.isLearner),
    isLeader: m.ID === status.leader,
  }));
  const leader = members.find((m) => m.isLeader);
  return {
    clusterId: status.header.cluster_id,
    version: status.version,
    endpoints: etcdConfig().endpoints,
    prefix: etcdConfig().prefix,
    leader: { id: status.leader, name: leader?.name ?? status.leader },
    members,
    revision: Number(status.header.revision),
    dbSize: Number(status.dbSize),
    keyCount,
    instanceCount,
    workerCount,
  };
}
