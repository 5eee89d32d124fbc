import 'server-only';
import type { z } from 'zod';
import { ApiError } from '../api/errors';
import { auditOp } from '../audit/record';
import { assertMayWriteKey } from '../auth/access';
import { markAudited } from '../auth/context';
import { etcdClient } from '../etcd/client';
import { decodeBytes } from '../etcd/encoding';
import { type KvItem, toItem } from './item';
import { keyBytes } from './key-param';
import { range } from './range';
import { assertWritableKey } from './reserved';
import { MAX_VALUE_BYTES, type putBody } from './schemas';
import { commit, compare, op, rangeResult } from './txn';
import { validateValue } from './value-format';

export type PutResult = { item: KvItem; revision: number };

/**
 * Every write is one transaction that compares mod_revision: a stale editor gets 409 with the current
 * item and overwrites nothing. An edit keeps the key's lease unless the request changes it.
 */
export async function writeItem(body: z.infer<typeof putBody>): Promise<PutResult> {
  const key = keyBytes(body.key, body.keyEncoding);
  assertWritableKey(key);
  assertMayWriteKey(key);
  const value = valueBytes(body);
  if (key.length + value.length > MAX_VALUE_BYTES) {
    throw new ApiError('too_large', `Key and value exceed etcd's ${MAX_VALUE_BYTES} byte request limit.`);
  }
  if (body.format && body.valueEncoding === 'utf8') {
    const problem = validateValue(body.value, body.format);
    if (problem) {
      throw new ApiError(
        'unprocessable',
        `Invalid ${body.format} at line ${problem.line}, column ${problem.column}: ${problem.message}`,
        problem,
      );
    }
  }

  // Without an expected revision, compare against what is there now, so the lease decision stays exact.
  const expected = body.expectedModRevision ?? (await currentModRevision(key));
  const granted = typeof body.lease === 'object' ? await grantLease(body.lease.ttl) : null;
  const leaseId = granted ?? (typeof body.lease === 'string' ? body.lease : undefined);
  const keepLease = body.lease === undefined && expected > 0;

  const audit = auditOp('kv.put', [key], { before: [expected], reason: body.reason });
  const res = await commit(
    [compare.modIs(key, expected)],
    [op.put(key, value, { id: leaseId, keep: keepLease }), op.get(key), audit],
    // The audit key is unique to this request: if it exists, an earlier attempt of this very call committed
    // (etcd3 retries a call whose first attempt timed out after etcd had applied it).
    [op.get(key), { request_range: { key: audit.request_put?.key } }],
  ).catch(async (error) => {
    if (granted) await revoke(granted);
    throw leaseError(error);
  });
  const ownAudit = res.responses[1]?.response_range?.kvs[0];
  if (!res.succeeded && ownAudit) {
    // Answer with the key as this call wrote it (at its audit record's revision), not as it is now.
    markAudited();
    const revision = Number(ownAudit.mod_revision);
    const written = (await range({ start: key, revision })).kvs[0];
    if (written) return { item: toItem(written), revision };
  }
  if (!res.succeeded) {
    if (granted) await revoke(granted);
    const current = rangeResult(res, 0)[0];
    throw new ApiError(
      'conflict',
      current
        ? `The key changed since revision ${expected}: it is now at revision ${current.mod_revision}.`
        : 'The key was deleted since you loaded it.',
      { current: current ? toItem(current) : null },
    );
  }
  markAudited();
  const written = rangeResult(res, 1)[0];
  if (!written) throw new Error('the transaction wrote the key but did not read it back');
  return { item: toItem(written), revision: Number(res.header.revision) };
}

function valueBytes(body: z.infer<typeof putBody>): Buffer {
  try {
    return decodeBytes(body.value, body.valueEncoding);
  } catch {
    throw new ApiError('bad_request', 'value is not valid base64');
  }
}

async function currentModRevision(key: Buffer): Promise<number> {
  const res = await range({ start: key, keysOnly: true });
  return Number(res.kvs[0]?.mod_revision ?? 0);
}

async function grantLease(ttl: number): Promise<string> {
  const res = await etcdClient().leaseClient.leaseGrant({ TTL: ttl, ID: 0 });
  return String(res.ID);
}

async function revoke(id: string): Promise<void> {
  await etcdClient()
    .leaseClient.leaseRevoke({ ID: id })
    .catch(() => {});
}

function leaseError(error: unknown): unknown {
  if (/requested lease not found/i.test(String((error as Error)?.message))) {
    return new ApiError('unprocessable', 'That lease does not exist (it may have expired).');
  }
  return error;
}
