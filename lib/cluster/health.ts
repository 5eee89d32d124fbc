// Is etcd answering? One status call with a short deadline, so the console notices an outage within seconds.
import type { Etcd3 } from 'etcd3';

export type EtcdHealth = {
  endpoints: string[];
  version: string;
  leader: string;
  memberId: string;
  clusterId: string;
  revision: number;
  raftTerm: number;
  dbSize: number;
};

const HEALTH_DEADLINE_MS = 1500;

export async function readEtcdHealth(client: Etcd3, endpoints: string[]): Promise<EtcdHealth> {
  const status = await client.maintenance.status({ deadline: Date.now() + HEALTH_DEADLINE_MS });
  return {
    endpoints,
    version: status.version,
    leader: status.leader,
    memberId: status.header.member_id,
    clusterId: status.header.cluster_id,
    revision: Number(status.header.revision),
    raftTerm: Number(status.raftTerm),
    dbSize: Number(status.dbSize),
  };
}
