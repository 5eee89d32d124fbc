// Turns a decoded instance key into the API's item, invalid values included so an operator can see them.
import type { DecodedInstance } from '@etcd-console/core/registry';
import type { InstanceItem } from './schemas';

export function toInstanceItem(decoded: DecodedInstance): InstanceItem {
  if (!decoded.ok) {
    return {
      id: decoded.id,
      service: decoded.service,
      key: decoded.key,
      address: '',
      metadata: {},
      weight: 0,
      status: 'invalid',
      format: 'invalid',
      problem: decoded.problem,
      value: decoded.value,
      lease: decoded.lease === '0' ? null : decoded.lease,
      createRevision: decoded.createRevision,
      modRevision: decoded.modRevision,
    };
  }
  const { lease, ...instance } = decoded.instance;
  return { ...instance, lease: lease === '0' ? null : lease };
}
