import 'server-only';
import type { Namespace } from 'etcd3';
import { ApiError } from '../api/errors';
import { mayReadPrefix } from '../auth/access';
import { currentActor } from '../auth/context';
import { etcdKv } from '../etcd/client';
import { currentClusterName } from '../etcd/cluster-context';
import { forEachReadablePage } from '../kv/readable-pages';
import { decodeInstance, type ServiceInstance } from '../sdk/registry/instance';
import { serviceDir } from '../sdk/registry/keys';
import { PAGE_SIZE } from '../sdk/registry/range-pages';
import { createPicker, type Picker, type Strategy } from '../sdk/registry/strategies';
import { toInstanceItem } from './instance-item';
import type { InstanceItem } from './schemas';
import { assertServiceVisible } from './service-visibility';

// Round-robin and weighted picks need memory between requests: one picker per service and strategy, and one per
// caller among those who see only part of the service (so one's picks neither steer nor reveal another's).
const MAX_PICKERS = 1000;
const pickers = new Map<string, Picker>();

function pickerFor(service: string, strategy: Strategy): Picker {
  const actor = currentActor();
  const scope = mayReadPrefix(serviceDir(service)) || !actor ? '' : `${actor.via}:${actor.name}`;
  const key = `${currentClusterName()}\u0000${service}\u0000${strategy}\u0000${scope}`;
  let picker = pickers.get(key);
  if (!picker) {
    if (pickers.size >= MAX_PICKERS) pickers.delete(pickers.keys().next().value!);
    picker = createPicker(strategy);
    pickers.set(key, picker);
  }
  return picker;
}

/**
 * The valid instances of `service` the caller may read (values that are neither JSON instances nor host:port are
 * skipped), and how many instance keys it may read at all.
 */
async function readVisibleInstances(
  kv: Namespace,
  service: string,
): Promise<{ instances: ServiceInstance[]; visible: number; revision: number }> {
  const instances: ServiceInstance[] = [];
  let visible = 0;
  const revision = await forEachReadablePage(
    kv,
    serviceDir(service),
    (page) => {
      for (const item of page) {
        const decoded = decodeInstance(item);
        if (!decoded || (decoded.ok ? decoded.instance.service : decoded.service) !== service) continue;
        visible += 1;
        if (decoded.ok) instances.push(decoded.instance);
      }
    },
    PAGE_SIZE,
  );
  return { instances, visible, revision };
}

/**
 * One up instance of `service` by `strategy`, from the registry as it is now, among the instances the caller may
 * read; 503 when there is none, 404 when the caller may read none of the service (as for one that does not exist).
 */
export async function pickInstance(
  service: string,
  strategy: Strategy,
  kv: Namespace = etcdKv(),
): Promise<{ instance: InstanceItem; strategy: Strategy; revision: number }> {
  const { instances, visible, revision } = await readVisibleInstances(kv, service);
  assertServiceVisible(service, visible);
  const chosen = pickerFor(service, strategy)(instances);
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
  return { instance: toInstanceItem({ ok: true, instance: chosen }), strategy, revision };
}
