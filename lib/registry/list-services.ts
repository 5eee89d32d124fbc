import 'server-only';
import type { Etcd3, Namespace } from 'etcd3';
import { etcdClient, etcdKv } from '../etcd/client';
import { forEachReadablePage } from '../kv/readable-pages';
import { parseInstanceValue } from '../sdk/registry/instance';
import { SERVICES_ROOT, splitInstanceKey } from '../sdk/registry/keys';
import { PAGE_SIZE } from '../sdk/registry/range-pages';
import { isExpiring } from './lease-time';
import { readLeaseTtls } from './lease-ttls';
import type { ServiceList } from './schemas';

type Counts = { instances: number; up: number; draining: number; invalid: number };

/** Past this many leases the list does not look them up: the detail view still does, one service at a time. */
export const MAX_TTL_LEASES = 500;

/**
 * Every service with its instance counts: one paged read of /services/ at one revision. Only with `withTtl` does it
 * look up leases (up to MAX_TTL_LEASES), to count the instances whose TTL is running out. A scoped caller reads only
 * the parts of /services/ it may read, so a service appears, and is counted, by its visible instances alone.
 */
export async function listServices(
  options: { withTtl?: boolean } = {},
  kv: Namespace = etcdKv(),
  client: Etcd3 = etcdClient(),
): Promise<ServiceList> {
  const counts = new Map<string, Counts>();
  const leases: Array<{ service: string; lease: string }> = [];
  const revision = await forEachReadablePage(
    kv,
    SERVICES_ROOT,
    (page) => {
      for (const item of page) {
        const names = splitInstanceKey(item.key.toString('utf8'));
        if (!names) continue;
        const c = counts.get(names.service) ?? { instances: 0, up: 0, draining: 0, invalid: 0 };
        counts.set(names.service, c);
        c.instances += 1;
        const parsed = parseInstanceValue(item.value.toString('utf8'));
        if ('problem' in parsed) c.invalid += 1;
        else if (parsed.value.status === 'up') c.up += 1;
        else c.draining += 1;
        if (options.withTtl && item.lease && item.lease !== '0') {
          leases.push({ service: names.service, lease: item.lease });
        }
      }
    },
    PAGE_SIZE,
  );
  const services = [...counts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, c]) => ({ name, ...c }));
  if (!options.withTtl) return { services, revision };
  const distinct = new Set(leases.map((l) => l.lease));
  if (distinct.size > MAX_TTL_LEASES) return { services, revision, ttlChecked: false };
  const ttls = await readLeaseTtls(client, distinct);
  const expiring = new Map<string, number>();
  for (const { service, lease } of leases) {
    const ttl = ttls.get(lease) ?? null;
    if (isExpiring(lease, ttl?.ttl ?? null, ttl?.grantedTtl ?? null)) {
      expiring.set(service, (expiring.get(service) ?? 0) + 1);
    }
  }
  return {
    services: services.map((s) => ({ ...s, expiring: expiring.get(s.name) ?? 0 })),
    revision,
    ttlChecked: true,
  };
}
