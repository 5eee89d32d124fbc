import 'server-only';
// One keep-alive for any lease, by ID: etcd3's Lease object only renews leases it granted itself.
import type { ILeaseKeepAliveResponse } from 'etcd3';
import type { z } from 'zod';
import { ApiError } from '../api/errors';
import { runAudited } from '../audit/run-audited';
import { etcdClient } from '../etcd/client';
import { requireLease } from './lease-keys';
import type { leaseKeepaliveAnswer } from './lease-schemas';

const ANSWER_WITHIN_MS = 5000;

type KeepaliveStream = {
  write(req: { ID: string }): void;
  on(event: 'data', fn: (res: ILeaseKeepAliveResponse) => void): unknown;
  on(event: 'error', fn: (error: Error) => void): unknown;
  cancel(): void;
};

async function renewOnce(id: string): Promise<ILeaseKeepAliveResponse> {
  const stream = (await etcdClient().leaseClient.leaseKeepAlive()) as unknown as KeepaliveStream;
  let timer: NodeJS.Timeout | undefined;
  try {
    return await new Promise<ILeaseKeepAliveResponse>((resolve, reject) => {
      timer = setTimeout(
        () => reject(new ApiError('etcd_unavailable', 'etcd did not answer the keep-alive in time.')),
        ANSWER_WITHIN_MS,
      );
      stream.on('data', resolve);
      stream.on('error', reject);
      stream.write({ ID: id });
    });
  } finally {
    clearTimeout(timer);
    // The stream's owner is this call: it ends here on every path. The cancel's own error is expected.
    stream.on('error', () => {});
    stream.cancel();
  }
}

/**
 * Renews the lease once to its granted TTL; 404 when etcd does not have it. A renewal is no transaction: its
 * audit record is written first (attempted), then completed.
 */
export async function keepaliveLease(id: string): Promise<z.infer<typeof leaseKeepaliveAnswer>> {
  await requireLease(id); // an unknown lease is a 404 without a record
  return runAudited(
    'leases.keepalive',
    [],
    async () => {
      const res = await renewOnce(id);
      const ttl = Number(res.TTL);
      // etcd answers TTL 0 for a lease it does not have.
      if (ttl <= 0) {
        throw new ApiError('not_found', `No lease ${id}: it expired, was revoked or never existed.`);
      }
      return { id, ttl };
    },
    { extra: { details: { lease: id } }, details: (a) => ({ ttl: a.ttl }) },
  );
}
