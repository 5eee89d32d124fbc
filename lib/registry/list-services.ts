import 'server-only';
import type { Namespace } from 'etcd3';
import { etcdKv } from '../etcd/client';
import { parseInstanceValue } from '../sdk/registry/instance';
import { SERVICES_ROOT, splitInstanceKey } from '../sdk/registry/keys';
import { forEachPage } from '../sdk/registry/range-pages';
import type { ServiceList } from './schemas';

type Counts = { instances: number; up: number; draining: number; invalid: number };

/** Every service with its instance counts: one paged read of /services/ at one revision, no lease lookups. */
export async function listServices(kv: Namespace = etcdKv()): Promise<ServiceList> {
  const counts = new Map<string, Counts>();
  const revision = await forEachPage(kv, SERVICES_ROOT, (page) => {
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
    }
  });
  const services = [...counts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, c]) => ({ name, ...c }));
  return { services, revision };
}
