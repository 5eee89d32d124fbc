import 'server-only';
import { createPicker, type Picker, type Strategy } from '@etcd-console/core/registry';
import type { Namespace } from 'etcd3';
import { ApiError } from '../api/errors';
import { mayReadPrefix } from '../auth/access';
import { currentActor } from '../auth/context';
import { etcdKv } from '../etcd/client';
import { currentClusterName } from '../etcd/cluster-context';
import type { KnownLayout } from '../layouts/active';
import { asServiceInstance } from './layout-item';
import { readServiceItems } from './read-service';
import { resolveLayout } from './resolve-layout';
import type { InstanceItem } from './schemas';
import { assertServiceVisible } from './service-visibility';

// Round-robin and weighted picks need memory between requests: one picker per service and strategy, and one per
// caller among those who see only part of the service (so one's picks neither steer nor reveal another's).
const MAX_PICKERS = 1000;
const pickers = new Map<string, Picker>();

function pickerFor(layout: string, service: string, dir: string, strategy: Strategy): Picker {
  const actor = currentActor();
  const scope = mayReadPrefix(dir) || !actor ? '' : `${actor.via}:${actor.name}`;
  const key = `${currentClusterName()}\u0000${layout}\u0000${service}\u0000${strategy}\u0000${scope}`;
  let picker = pickers.get(key);
  if (!picker) {
    if (pickers.size >= MAX_PICKERS) pickers.delete(pickers.keys().next().value!);
    picker = createPicker(strategy);
    pickers.set(key, picker);
  }
  return picker;
}

/**
 * One up instance of `service` by `strategy`, from the registry as it is now, among the instances the caller may
 * read; 503 when there is none, 404 when the caller may read none of the service (as for one that does not exist).
 */
export async function pickInstance(
  service: string,
  strategy: Strategy,
  kv: Namespace = etcdKv(),
  known?: KnownLayout,
): Promise<{ instance: InstanceItem; strategy: Strategy; revision: number }> {
  const layout = known ?? (await resolveLayout('console'));
  const { items, revision, dir } = await readServiceItems(kv, layout, service);
  assertServiceVisible(service, items.length, dir);
  // Values that are not instances are never picked.
  const valid = items.filter((i) => i.status !== 'invalid');
  const instances = valid.flatMap((i) => asServiceInstance(i) ?? []);
  const chosen = pickerFor(layout.layout.id, service, dir, strategy)(instances);
  if (!chosen) {
    const draining = instances.filter((i) => i.status === 'draining').length;
    throw new ApiError(
      'unavailable',
      instances.length === 0
        ? `Service "${service}" has no registered instances.`
        : `Service "${service}" has no live instance to pick (${instances.length} registered, ${draining} draining).`,
      { service, registered: instances.length, draining },
    );
  }
  return { instance: valid.find((i) => i.key === chosen.key)!, strategy, revision };
}
