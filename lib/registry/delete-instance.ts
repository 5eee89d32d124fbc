import 'server-only';
import type { Etcd3, Namespace } from 'etcd3';
import { ApiError } from '../api/errors';
import { etcdClient, etcdConfig, etcdKv } from '../etcd/client';
import { instanceKey } from '../sdk/registry/keys';

export type DeleteAnswer = {
  deleted: true;
  revokedLease: string | null;
  removedKeys: string[];
  revision: number;
};

/** Revokes the instance's lease (every key on it goes) or, for a key without a lease, deletes the key. */
export async function deleteInstance(
  service: string,
  id: string,
  kv: Namespace = etcdKv(),
  client: Etcd3 = etcdClient(),
  prefix: string = etcdConfig().prefix,
): Promise<DeleteAnswer> {
  const key = instanceKey(service, id);
  const res = await kv.get(key).exec();
  const current = res.kvs[0];
  if (!current) throw new ApiError('not_found', `No instance at ${key}.`);
  if (current.lease === '0' || !current.lease) {
    const deleted = await kv.delete().key(key).exec();
    return {
      deleted: true,
      revokedLease: null,
      removedKeys: [key],
      revision: Number(deleted.header.revision),
    };
  }
  const held = await client.leaseClient.leaseTimeToLive({ ID: current.lease, keys: true });
  const removedKeys = (held.keys ?? []).map((k) => relativeKey(k.toString('utf8'), prefix));
  try {
    const revoked = await client.leaseClient.leaseRevoke({ ID: current.lease });
    return {
      deleted: true,
      revokedLease: current.lease,
      removedKeys,
      revision: Number(revoked.header.revision),
    };
  } catch (error) {
    // It expired between the read and the revoke: the key is gone either way.
    if (error instanceof Error && /lease not found/i.test(error.message)) {
      return {
        deleted: true,
        revokedLease: current.lease,
        removedKeys,
        revision: Number(res.header.revision),
      };
    }
    throw error;
  }
}

function relativeKey(full: string, prefix: string): string {
  return prefix && full.startsWith(prefix) ? full.slice(prefix.length) : full;
}
