import 'server-only';
import type { Etcd3, Namespace } from 'etcd3';
import { etcdClient, etcdKv } from '../etcd/client';
import { forEachReadablePage } from '../kv/readable-pages';
import { type DecodedInstance, decodeInstance } from '../sdk/registry/instance';
import { serviceDir } from '../sdk/registry/keys';
import { PAGE_SIZE } from '../sdk/registry/range-pages';
import { toInstanceItem } from './instance-item';
import { readLeaseTtls } from './lease-ttls';
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
): Promise<ServiceDetail> {
  const decoded: DecodedInstance[] = [];
  const revision = await forEachReadablePage(
    kv,
    serviceDir(name),
    (page) => {
      for (const item of page) {
        const d = decodeInstance(item);
        if (d && (d.ok ? d.instance.service : d.service) === name) decoded.push(d);
      }
    },
    PAGE_SIZE,
  );
  assertServiceVisible(name, decoded.length);
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
