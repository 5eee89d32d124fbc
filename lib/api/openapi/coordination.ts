// Elections, locks and Patroni leaders, described with the schemas their routes parse with.
import { coordinationDetail, coordinationDetailQuery, coordinationList } from '../../coordination/schemas';
import type { Operation } from './types';

export const coordinationOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/v1/coordination',
    tag: 'coordination',
    summary:
      "Every election and lock taken with etcd's concurrency recipes (etcdctl elect/lock, Go's concurrency package) and every Patroni leader key the caller may read whole: holder, waiters in create-revision order, lease TTLs. Found through leases, never by reading the keyspace.",
    response: coordinationList,
  },
  {
    method: 'get',
    path: '/api/v1/coordination/detail',
    tag: 'coordination',
    summary:
      'One election, lock or Patroni cluster with its recent handovers, from the retained MVCC history of its prefix (the last 100,000 revisions at most).',
    query: coordinationDetailQuery,
    response: coordinationDetail,
    errors: [404],
  },
];
