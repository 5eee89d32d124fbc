// discover(): the instances of one service right now, read in pages at one revision.

import { readPrefix } from '@etcd-console/core/etcd';
import { decodeInstance, registryName, type ServiceInstance, serviceDir } from '@etcd-console/core/registry';
import type { Namespace } from 'etcd3';
import { openConnection, type SdkConnection } from '../connection';

export type ServiceSnapshot = { instances: ServiceInstance[]; revision: number };

/** Valid instances of `service` (values that are neither JSON instances nor host:port are skipped), by id. */
export async function readService(kv: Namespace, service: string): Promise<ServiceSnapshot> {
  const { kvs, revision } = await readPrefix(kv, serviceDir(service));
  const instances: ServiceInstance[] = [];
  for (const kv of kvs) {
    const decoded = decodeInstance(kv);
    if (decoded?.ok && decoded.instance.service === service) instances.push(decoded.instance);
  }
  return { instances, revision };
}

/** Every instance of `service`, up and draining (check `status` before sending traffic). */
export async function discover(service: string, connection: SdkConnection = {}): Promise<ServiceInstance[]> {
  registryName.parse(service);
  const handle = openConnection(connection);
  try {
    return (await readService(handle.kv, service)).instances;
  } finally {
    handle.release();
  }
}
