import 'server-only';
import type { Etcd3, Namespace } from 'etcd3';
import { etcdClient, etcdKv } from '../etcd/client';
import { type DecodedInstance, decodeInstance } from '../sdk/registry/instance';
import { serviceDir } from '../sdk/registry/keys';
import { forEachPage } from '../sdk/registry/range-pages';
import { toInstanceItem } from './instance-item';
import { readLeaseTtls } from './lease-ttls';
import type { ServiceDetail } from './schemas';

/** One service's instances with their leases' remaining and granted TTLs (an empty list when none). */
export async function getService(
  name: string,
  kv: Namespace = etcdKv(),
  client: Etcd3 = etcdClient(),
): Promise<ServiceDetail> {
  const decoded: DecodedInstance[] = [];
  const revision = await forEachPage(kv, serviceDir(name), (page) => {
    for (const item of page) {
      const d = decodeInstance(item);
      if (d && (d.ok ? d.instance.service : d.service) === name) decoded.push(d);
    }
  });
  const ttls = await readLeaseTtls(
    client,
    decoded.map((d) => (d.ok ? d.instance.lease : d.lease)),
  );
  const instances = decoded.map((d) => {
    const item = toInstanceItem(d);
    const ttl = item.lease ? ttls.get(item.lease) : null;
    return { ...item, ttl: ttl?.ttl ?? null, grantedTtl: ttl?.grantedTtl ?? null };
  });
  return {
    name,
    instances,
    up: instances.filter((i) => i.status === 'up').length,
    draining: instances.filter((i) => i.status === 'draining').length,
    revision,
  };
}
