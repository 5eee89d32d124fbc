import { currentClusterName } from '../etcd/cluster-context';
import 'server-only';
import type { Namespace } from 'etcd3';
import { ApiError } from '../api/errors';
import { etcdKv } from '../etcd/client';
import { readService } from '../sdk/registry/discover';
import { createPicker, type Picker, type Strategy } from '../sdk/registry/strategies';
import { toInstanceItem } from './instance-item';
import type { InstanceItem } from './schemas';

// Round-robin and weighted picks need memory between requests: one picker per service and strategy.
const MAX_PICKERS = 1000;
const pickers = new Map<string, Picker>();

function pickerFor(service: string, strategy: Strategy): Picker {
  const key = `${currentClusterName()}\u0000${service}\u0000${strategy}`;
  let picker = pickers.get(key);
  if (!picker) {
    if (pickers.size >= MAX_PICKERS) pickers.delete(pickers.keys().next().value!);
    picker = createPicker(strategy);
    pickers.set(key, picker);
  }
  return picker;
}

/** One up instance of `service` by `strategy`, from the registry as it is now; 503 when there is none. */
export async function pickInstance(
  service: string,
  strategy: Strategy,
  kv: Namespace = etcdKv(),
): Promise<{ instance: InstanceItem; strategy: Strategy; revision: number }> {
  const { instances, revision } = await readService(kv, service);
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
