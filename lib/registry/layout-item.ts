// Turns a key-value under a layout's root into the API's instance item, invalid values included so they show.

import type { ServiceInstance } from '@etcd-console/core/registry';
import type { IKeyValue } from 'etcd3';
import { isProblem, type LayoutDescriptor } from '../layouts/types';
import type { InstanceItem } from './schemas';

/** The item of a key the layout claims; null for keys it does not (or that belong to another service). */
export function layoutItem(layout: LayoutDescriptor, kv: IKeyValue, service?: string): InstanceItem | null {
  const key = kv.key.toString('utf8');
  const names = layout.match(key);
  if (!names || (service !== undefined && names.service !== service)) return null;
  const lease = kv.lease && kv.lease !== '0' ? kv.lease : null;
  const value = kv.value.toString('utf8');
  const decoded = layout.decode(key, value, lease);
  const base = {
    ...names,
    key,
    layout: layout.id,
    lease,
    createRevision: Number(kv.create_revision),
    modRevision: Number(kv.mod_revision),
  };
  if (isProblem(decoded)) {
    return {
      ...base,
      address: '',
      metadata: {},
      weight: 0,
      status: 'invalid',
      format: 'invalid',
      problem: decoded.problem,
      value,
    };
  }
  return { ...base, ...decoded };
}

/** The balancer's view of a valid item (the SDK's pickers choose among these). */
export function asServiceInstance(item: InstanceItem): ServiceInstance | null {
  if (item.status === 'invalid') return null;
  const { layout: _layout, problem: _problem, value: _value, lease, format, status, ...rest } = item;
  return {
    ...rest,
    status,
    lease: lease ?? '0',
    format: format === 'host-port' ? 'host-port' : 'json',
  };
}
