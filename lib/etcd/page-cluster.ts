import 'server-only';
// Server components read etcd outside the API wrapper: run them in the cluster the browser has selected.
import { cookies } from 'next/headers';
import { runWithContext } from '../auth/context';
import { clusterProfiles, defaultClusterName } from './cluster-context';
import { CLUSTER_COOKIE } from './profiles';

export async function selectedClusterName(): Promise<string> {
  const wanted = (await cookies()).get(CLUSTER_COOKIE)?.value;
  return wanted && clusterProfiles().some((p) => p.name === wanted) ? wanted : defaultClusterName();
}

export async function inSelectedCluster<T>(fn: () => Promise<T> | T): Promise<T> {
  const cluster = await selectedClusterName();
  return runWithContext({ actor: null, source: 'page', route: 'page', audited: false, cluster }, fn);
}
