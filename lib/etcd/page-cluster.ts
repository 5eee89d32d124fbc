import 'server-only';
// Server components read etcd outside the API wrapper: run them as the signed-in actor (role, scope, etcd
// identity), in the cluster the browser has selected, so the same access rules and etcd RBAC apply as in the API.
import { cookies, headers } from 'next/headers';
import { type RequestContext, runWithContext } from '../auth/context';
import { withEtcdRanges } from '../auth/etcd-permissions';
import { requirePageActor } from '../auth/page-actor';
import { trustedPeer } from '../auth/peer';
import { etcdClient, etcdConfig } from './client';
import { clusterProfiles, defaultClusterName } from './cluster-context';
import { CLUSTER_COOKIE } from './profiles';

export async function selectedClusterName(): Promise<string> {
  const wanted = (await cookies()).get(CLUSTER_COOKIE)?.value;
  return wanted && clusterProfiles().some((p) => p.name === wanted) ? wanted : defaultClusterName();
}

/** Every server-side etcd read of a page goes through here; without a signed-in actor it redirects to login. */
export async function inSelectedCluster<T>(fn: () => Promise<T> | T): Promise<T> {
  const actor = await requirePageActor();
  const [cluster, requestHeaders] = await Promise.all([selectedClusterName(), headers()]);
  const source = trustedPeer(requestHeaders) ?? 'unknown';
  const ctx: RequestContext = { actor, source, route: 'page', audited: false, cluster };
  return runWithContext(ctx, async () => {
    // etcd login mode: what etcd lets this user read bounds the page's reads too, as in the API (lib/api/route.ts).
    if (actor.etcd) ctx.actor = await withEtcdRanges(actor, etcdClient(), etcdConfig().prefix);
    return fn();
  });
}
