import 'server-only';
import type { Etcd3, Namespace } from 'etcd3';
import { etcdClient, etcdKv } from '../etcd/client';
import type { KnownLayout } from '../layouts/active';
import { readLeaseTtls } from './lease-ttls';
import { layoutSummary } from './list-services';
import { readServiceItems } from './read-service';
import { resolveLayout } from './resolve-layout';
import type { ServiceDetail } from './schemas';
import { assertServiceVisible } from './service-visibility';

/**
 * One service's instances with their leases' remaining and granted TTLs: only those the caller may read, and 404
 * when it may read none (see assertServiceVisible); an empty list for a caller who sees the whole directory.
 */
export async function getService(
  name: string,
  kv: Namespace = etcdKv(),
  client: Etcd3 = etcdClient(),
  known?: KnownLayout,
): Promise<ServiceDetail> {
  const layout = known ?? (await resolveLayout('console'));
  const { items, revision, dir } = await readServiceItems(kv, layout, name);
  assertServiceVisible(name, items.length, dir);
  const ttls = await readLeaseTtls(
    client,
    items.flatMap((i) => (i.lease ? [i.lease] : [])),
  );
  const instances = items.map((item) => {
    const ttl = item.lease ? ttls.get(item.lease) : null;
    return { ...item, ttl: ttl?.ttl ?? null, grantedTtl: ttl?.grantedTtl ?? null };
  });
  return {
    name,
    layout: layoutSummary(layout),
    instances,
    up: instances.filter((i) => i.status === 'up').length,
    draining: instances.filter((i) => i.status === 'draining').length,
    revision,
  };
}
