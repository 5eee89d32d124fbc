import 'server-only';
import type { Etcd3, Namespace } from 'etcd3';
import { ApiError } from '../api/errors';
import { auditOp } from '../audit/record';
import { runAudited } from '../audit/run-audited';
import { assertMayWriteKey } from '../auth/access';
import { markAudited } from '../auth/context';
import { assertMayRevokeKeys, mayReadLeaseKey } from '../cluster/lease-scope';
import { etcdClient, etcdConfig, etcdKv } from '../etcd/client';
import type { KnownLayout } from '../layouts/active';
import { consoleLayout } from '../layouts/builtin/console';
import { instanceKeyOf } from '../layouts/types';

export type DeleteAnswer = {
  deleted: true;
  revokedLease: string | null;
  /** What went with it, as far as the caller may read: never a key outside their scope. */
  removedKeys: string[];
  revision: number;
};

const ATTEMPTS = 5;
/** Keys named in the audit record of a lease revoke; the record counts them all. */
const MAX_AUDIT_TARGETS = 100;

/** The instance's key in its layout, if the layout lets the console deregister there at all. */
function deregisterableKey(known: KnownLayout | undefined, service: string, id: string): string {
  const layout = known?.layout ?? consoleLayout;
  if (!layout.writes.deregister) {
    throw new ApiError(
      'unprocessable',
      `The ${layout.title} layout does not let the console deregister instances.`,
    );
  }
  const key = instanceKeyOf(layout, service, id);
  const names = key === null ? null : layout.match(key);
  if (key === null || names?.service !== service || names.id !== id) {
    throw new ApiError('unprocessable', `The ${layout.title} layout cannot name the key of "${id}".`);
  }
  return key;
}

/**
 * Revokes the instance's lease (every key on it goes) or, for a key without a lease or in a layout whose keys are
 * deleted one by one, deletes the key. Scoped actors need the instance key writable, and every other key on its
 * lease too: a revoke deletes them all.
 */
export async function deleteInstance(
  service: string,
  id: string,
  kv: Namespace = etcdKv(),
  client: Etcd3 = etcdClient(),
  prefix: string = etcdConfig().prefix,
  known?: KnownLayout,
): Promise<DeleteAnswer> {
  const key = deregisterableKey(known, service, id);
  const byKey = known?.layout.writes.deregister === 'key';
  assertMayWriteKey(key);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const res = await kv.get(key).exec();
    const current = res.kvs[0];
    if (!current) throw new ApiError('not_found', `No instance at ${key}.`);
    const answer =
      current.lease === '0' || !current.lease || byKey
        ? await deleteUnleased(kv, key, current.mod_revision)
        : await revokeInstanceLease(client, key, current.lease, prefix);
    if (answer) return answer;
    // The key changed in between (re-registered, edited, its lease expired): look again.
  }
  throw new ApiError('conflict', `The instance "${id}" kept changing; try again.`);
}

/** One transaction: the delete and its audit record; null when the key changed since it was read. */
async function deleteUnleased(kv: Namespace, key: string, modRevision: string): Promise<DeleteAnswer | null> {
  const audit = auditOp('services.instance.delete', [Buffer.from(key)], { before: [Number(modRevision)] });
  const res = await kv
    .if(key, 'Mod', '==', modRevision)
    .then(kv.delete().key(key), audit)
    // The audit key is this call's own: found, an earlier try of this very call committed (etcd3 retries).
    .else({ request_range: { key: audit.request_put?.key } })
    .commit();
  const own = res.succeeded ? null : res.responses[0]?.response_range?.kvs[0];
  if (!res.succeeded && !own) return null;
  markAudited();
  return {
    deleted: true,
    revokedLease: null,
    removedKeys: [key],
    revision: own ? Number(own.mod_revision) : Number(res.header.revision),
  };
}

/** A revoke is no transaction: its record is written first (attempted), then completed. */
async function revokeInstanceLease(
  client: Etcd3,
  key: string,
  lease: string,
  prefix: string,
): Promise<DeleteAnswer | null> {
  const held = await client.leaseClient.leaseTimeToLive({ ID: lease, keys: true });
  if (Number(held.TTL) < 0) return null; // expired since the read: the key went with it
  const keys = [...(held.keys ?? [])].sort(Buffer.compare);
  assertMayRevokeKeys(keys, 'Deregistering this instance revokes its lease, which');
  const removedKeys = keys.filter(mayReadLeaseKey).map((k) => relativeKey(k.toString('utf8'), prefix));
  const answer = (revision: number): DeleteAnswer => ({
    deleted: true,
    revokedLease: lease,
    removedKeys,
    revision,
  });
  return runAudited(
    'services.instance.delete',
    auditTargets(key, keys, prefix),
    async () => {
      try {
        return answer(Number((await client.leaseClient.leaseRevoke({ ID: lease })).header.revision));
      } catch (error) {
        // It expired between the read and the revoke: the keys are gone either way.
        if (error instanceof Error && /lease not found/i.test(error.message)) {
          return answer(Number(held.header.revision));
        }
        throw error;
      }
    },
    {
      extra: { details: { lease, keys: keys.length } },
      details: (a) => ({ revision: a.revision }),
    },
  );
}

/** The instance key first, then the other keys on the lease inside the console's keyspace, up to a limit. */
function auditTargets(key: string, fullKeys: Buffer[], prefix: string): Buffer[] {
  const root = Buffer.from(prefix);
  const others = fullKeys
    .filter((k) => k.subarray(0, root.length).equals(root))
    .map((k) => k.subarray(root.length))
    .filter((k) => !k.equals(Buffer.from(key)));
  return [Buffer.from(key), ...others.slice(0, MAX_AUDIT_TARGETS - 1)];
}

function relativeKey(full: string, prefix: string): string {
  return prefix && full.startsWith(prefix) ? full.slice(prefix.length) : full;
}
