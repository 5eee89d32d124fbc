import 'server-only';
import { etcdClient, etcdKv } from '../../etcd/client';
// Instances per service and status, in one paged read of the enabled layouts' roots (as lib/registry/list-services.ts
// reads them), plus one TTL look-up per distinct lease, up to MAX_TTL_LEASES.
import { perCluster } from '../../etcd/per-cluster';
import { enabledLayouts } from '../../layouts/active';
import { layoutItem } from '../../registry/layout-item';
import { isExpiring } from '../../registry/lease-time';
import { readLeaseTtls } from '../../registry/lease-ttls';
import { MAX_TTL_LEASES } from '../../registry/list-services';
import { forEachReadableRootPage } from '../../registry/read-roots';
import { ServiceMemory, type ServiceObservation } from './service-memory';
import type { ServiceRow } from './types';

type Tally = ServiceObservation & { up: number; draining: number; invalid: number };

async function tallyInstances(): Promise<Tally[]> {
  const known = await enabledLayouts();
  const tallies = new Map<string, Tally>();
  const roots = [...new Set(known.flatMap((l) => l.roots))];
  await forEachReadableRootPage(etcdKv(), roots, (page) => {
    for (const kv of page) {
      const key = kv.key.toString('utf8');
      for (const { layout, roots: own } of known) {
        if (!own.some((r) => key.startsWith(r))) continue;
        const item = layoutItem(layout, kv);
        if (!item) continue;
        const entry = `${item.service}\u0000${layout.id}`;
        const t = tallies.get(entry) ?? {
          service: item.service,
          layout: layout.id,
          leases: new Map(),
          up: 0,
          draining: 0,
          invalid: 0,
        };
        tallies.set(entry, t);
        t.leases.set(item.id, item.lease ?? '0');
        if (item.status === 'invalid') t.invalid += 1;
        else if (item.status === 'up') t.up += 1;
        else t.draining += 1;
      }
    }
  });
  return [...tallies.values()];
}

/** Expiring instances per service entry; null when there are too many leases to look up. */
async function countExpiring(tallies: Tally[]): Promise<Map<Tally, number> | null> {
  const distinct = new Set(tallies.flatMap((t) => [...t.leases.values()]).filter((l) => l !== '0'));
  if (distinct.size > MAX_TTL_LEASES) return null;
  const ttls = await readLeaseTtls(etcdClient(), distinct);
  const out = new Map<Tally, number>();
  for (const t of tallies) {
    let n = 0;
    for (const lease of t.leases.values()) {
      if (lease === '0') continue;
      const ttl = ttls.get(lease) ?? null;
      if (isExpiring(lease, ttl?.ttl ?? null, ttl?.grantedTtl ?? null)) n += 1;
    }
    out.set(t, n);
  }
  return out;
}

export async function readServiceRows(now = Date.now()): Promise<ServiceRow[]> {
  const tallies = await tallyInstances();
  const expiring = await countExpiring(tallies);
  const memory = perCluster('metrics.services', () => new ServiceMemory());
  const absent = memory.observe(tallies, now);
  const rows: ServiceRow[] = tallies.map((t) => ({
    service: t.service,
    layout: t.layout,
    up: t.up,
    draining: t.draining,
    invalid: t.invalid,
    expiring: expiring ? (expiring.get(t) ?? 0) : null,
    flaps: memory.flapsOf(t.service, t.layout),
    recentFlaps: memory.recentFlapsOf(t.service, t.layout, now),
  }));
  for (const a of absent) {
    const flaps = memory.flapsOf(a.service, a.layout);
    const recentFlaps = memory.recentFlapsOf(a.service, a.layout, now);
    rows.push({ ...a, up: 0, draining: 0, invalid: 0, expiring: expiring ? 0 : null, flaps, recentFlaps });
  }
  return rows.sort((a, b) => a.service.localeCompare(b.service) || a.layout.localeCompare(b.layout));
}
