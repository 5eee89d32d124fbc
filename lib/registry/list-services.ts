import 'server-only';
import type { Etcd3, Namespace } from 'etcd3';
import { prefixCoverage } from '../auth/access';
import { etcdClient, etcdKv } from '../etcd/client';
import { enabledLayouts, type KnownLayout } from '../layouts/active';
import { layoutItem } from './layout-item';
import { isExpiring } from './lease-time';
import { readLeaseTtls } from './lease-ttls';
import { forEachReadableRootPage } from './read-roots';
import type { LayoutSummary, ServiceList } from './schemas';

type Counts = {
  name: string;
  layout: string;
  instances: number;
  up: number;
  draining: number;
  invalid: number;
};

/** Past this many leases the list does not look them up: the detail view still does, one service at a time. */
export const MAX_TTL_LEASES = 500;

/** A layout as the caller may see it: roots it cannot read at all are not named. */
export function layoutSummary(known: KnownLayout): LayoutSummary {
  const { layout } = known;
  return {
    id: layout.id,
    title: layout.title,
    source: layout.source,
    pattern: layout.pattern,
    roots: known.roots.filter((r) => prefixCoverage(r) !== 'none'),
    writes: layout.writes,
  };
}

/**
 * Every service of every layout that is on, with its instance counts: one paged read of each layout's roots at one
 * revision. Only with `withTtl` does it look up leases (up to MAX_TTL_LEASES), to count the instances whose TTL is
 * running out. A scoped caller reads only the parts it may read, so a service appears by its visible instances alone.
 */
export async function listServices(
  options: { withTtl?: boolean } = {},
  kv: Namespace = etcdKv(),
  client: Etcd3 = etcdClient(),
  layouts?: KnownLayout[],
): Promise<ServiceList> {
  const known = layouts ?? (await enabledLayouts());
  const counts = new Map<string, Counts>();
  const leases: Array<{ entry: string; lease: string }> = [];
  const byRoot = new Map<string, KnownLayout[]>();
  for (const l of known) for (const root of l.roots) byRoot.set(root, [...(byRoot.get(root) ?? []), l]);
  const revision = await forEachReadableRootPage(kv, [...byRoot.keys()], (page) => {
    for (const kv of page) {
      const key = kv.key.toString('utf8');
      for (const { layout, roots } of known) {
        if (!roots.some((r) => key.startsWith(r))) continue;
        const item = layoutItem(layout, kv);
        if (!item) continue;
        const entry = `${item.service}\u0000${layout.id}`;
        const c = counts.get(entry) ?? {
          name: item.service,
          layout: layout.id,
          instances: 0,
          up: 0,
          draining: 0,
          invalid: 0,
        };
        counts.set(entry, c);
        c.instances += 1;
        if (item.status === 'invalid') c.invalid += 1;
        else if (item.status === 'up') c.up += 1;
        else c.draining += 1;
        if (options.withTtl && item.lease) leases.push({ entry, lease: item.lease });
      }
    }
  });
  const services = [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, c]) => c);
  const base = { services, layouts: known.map(layoutSummary), revision };
  if (!options.withTtl) return base;
  const distinct = new Set(leases.map((l) => l.lease));
  if (distinct.size > MAX_TTL_LEASES) return { ...base, ttlChecked: false };
  const ttls = await readLeaseTtls(client, distinct);
  const expiring = new Map<string, number>();
  for (const { entry, lease } of leases) {
    const ttl = ttls.get(lease) ?? null;
    if (isExpiring(lease, ttl?.ttl ?? null, ttl?.grantedTtl ?? null)) {
      expiring.set(entry, (expiring.get(entry) ?? 0) + 1);
    }
  }
  return {
    ...base,
    services: services.map((s) => ({ ...s, expiring: expiring.get(`${s.name}\u0000${s.layout}`) ?? 0 })),
    ttlChecked: true,
  };
}
