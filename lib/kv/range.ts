import 'server-only';
import { prefixEnd } from '@etcd-console/core/etcd';
// Range reads on the raw gRPC client with the console's prefix applied by hand: the etcd3 builders
// cannot combine keys_only, count_only, a revision and a limit, which paging at scale needs.
import type { IKeyValue, IRangeRequest, IRangeResponse, ITxnResponse } from 'etcd3';
import { mayReadKey, readableParts } from '../auth/access';
import { etcdClient, etcdConfig, etcdSystemClient } from '../etcd/client';

export type RangeArgs = {
  start: Buffer;
  /** Exclusive end; undefined reads the single key `start`. */
  end?: Buffer;
  limit?: number;
  revision?: number;
  keysOnly?: boolean;
  countOnly?: boolean;
};

export type RangeResult = { kvs: IKeyValue[]; more: boolean; count: number; revision: number };

function namespace(): Buffer {
  return Buffer.from(etcdConfig().prefix);
}

/** The end of the whole console keyspace (everything under ETCD_PREFIX). */
export function keyspaceEnd(): Buffer {
  const ns = namespace();
  return ns.length === 0 ? Buffer.from([0]) : prefixEnd(ns);
}

/**
 * A range read limited to what the current actor may read: a key outside their scope reads as absent, and a range
 * is read part by part over its readable pieces, in key order, so no key, count or cursor outside them leaks.
 */
export async function range(args: RangeArgs): Promise<RangeResult> {
  if (args.end === undefined) {
    if (mayReadKey(args.start)) return rawRange(args);
    // Only the revision is wanted (the caller learns nothing of the key): the console's own bookkeeping read.
    const header = await rawRange(
      { start: args.start, revision: args.revision, countOnly: true },
      etcdSystemClient(),
    );
    return { kvs: [], more: false, count: 0, revision: header.revision };
  }
  const unbounded = args.end.length === 0 || (args.end.length === 1 && args.end[0] === 0);
  const parts = readableParts(args.start, unbounded ? null : args.end);
  const whole =
    parts.length === 1 && parts[0]!.start.equals(args.start) && (parts[0]!.end === null) === unbounded;
  if (whole && (unbounded || parts[0]!.end!.equals(args.end))) return rawRange(args);
  return rangeParts(args, parts);
}

async function rangeParts(args: RangeArgs, parts: ReturnType<typeof readableParts>): Promise<RangeResult> {
  let revision = args.revision;
  let remaining = args.limit;
  const result: RangeResult = { kvs: [], more: false, count: 0, revision: 0 };
  for (const part of parts) {
    const full = remaining === 0;
    const res = await rawRange({
      ...args,
      start: part.start,
      end: part.end ?? Buffer.alloc(0),
      limit: full ? undefined : remaining,
      countOnly: args.countOnly || full,
      revision,
    });
    revision ??= res.revision;
    result.count += res.count;
    if (full) {
      if (res.count > 0) result.more = true;
      continue;
    }
    result.kvs.push(...res.kvs);
    if (res.more) result.more = true;
    if (remaining !== undefined) remaining -= res.kvs.length;
  }
  if (revision === undefined) {
    revision = (await rawRange({ start: args.start, countOnly: true }, etcdSystemClient())).revision;
  }
  result.revision = revision;
  return result;
}

/** The range as etcd answers it, for the console's own bookkeeping; callers on behalf of a user use range(). */
export async function rawRange(args: RangeArgs, client = etcdClient()): Promise<RangeResult> {
  const res = await client.kv.range(toRequest(args));
  return { ...fromResponse(res), revision: Number(res.header.revision) };
}

/** etcd's default --max-txn-ops: more reads than this go in several transactions at one revision. */
const MAX_TXN_OPS = 128;
const MAX_TXN_BYTES = 1024 * 1024;

/**
 * Several range reads at one revision, in read-only transactions of up to 128 reads, each limited to what the
 * current actor may read exactly as range() is: a read covers only its readable parts and answers as one range
 * (keys in order, at most `limit`, the count of its readable keys), so nothing outside the actor's scope is read.
 */
export async function rangeBatch(
  reads: RangeArgs[],
  revision?: number,
): Promise<{ results: RangeResult[]; revision: number }> {
  const requests: IRangeRequest[] = [];
  const partsOf = reads.map((args) => {
    const parts: number[] = [];
    for (const part of readablePieces(args)) {
      parts.push(requests.length);
      requests.push(toRequest({ ...args, ...part }));
    }
    return parts;
  });
  // Transactions of at most 128 reads and well under etcd's 1.5 MiB request limit (keys may be long).
  const chunks: IRangeRequest[][] = [];
  let bytes = 0;
  for (const request of requests) {
    const size =
      32 + (request.key as Buffer).length + ((request.range_end as Buffer | undefined)?.length ?? 0);
    const last = chunks[chunks.length - 1];
    if (!last || last.length >= MAX_TXN_OPS || bytes + size > MAX_TXN_BYTES) {
      chunks.push([request]);
      bytes = size;
    } else {
      last.push(request);
      bytes += size;
    }
  }
  const client = etcdClient();
  const txn = async (chunk: IRangeRequest[], at: number | undefined) => {
    const success = chunk.map((r) => ({
      request_range: at === undefined ? r : { ...r, revision: String(at) },
    }));
    return client.kv.txn({ compare: [], success, failure: [] });
  };
  let at = revision;
  const answers: ITxnResponse[] = [];
  if (at === undefined) {
    // The first transaction fixes the revision the others read at.
    const first = chunks.shift();
    if (first) {
      const res = await txn(first, undefined);
      at = Number(res.header.revision);
      answers.push(res);
    } else {
      at = (await rawRange({ start: Buffer.alloc(0), countOnly: true }, etcdSystemClient())).revision;
    }
  }
  answers.push(...(await Promise.all(chunks.map((chunk) => txn(chunk, at)))));
  const parts = answers.flatMap((a) => a.responses.map((r) => fromResponse(r.response_range!)));
  const results = reads.map((args, i) => {
    const result: RangeResult = { kvs: [], more: false, count: 0, revision: at! };
    for (const index of partsOf[i]!) {
      const part = parts[index]!;
      result.kvs.push(...part.kvs);
      result.count += part.count;
    }
    if (args.limit !== undefined && result.kvs.length > args.limit) result.kvs.length = args.limit;
    result.more = result.count > result.kvs.length && !args.countOnly;
    return result;
  });
  return { results, revision: at! };
}

/** The pieces of a read the current actor may read (range() semantics): none, the key itself, or readable parts. */
function readablePieces(args: RangeArgs): Array<{ start: Buffer; end?: Buffer }> {
  if (args.end === undefined) return mayReadKey(args.start) ? [{ start: args.start }] : [];
  const unbounded = args.end.length === 0 || (args.end.length === 1 && args.end[0] === 0);
  return readableParts(args.start, unbounded ? null : args.end).map((part) => ({
    start: part.start,
    end: part.end ?? Buffer.alloc(0),
  }));
}

/** A range request with the console's prefix applied by hand. */
function toRequest(args: RangeArgs): IRangeRequest {
  const ns = namespace();
  // etcd rejects an empty key; "\0" is the first key there is.
  const start =
    ns.length === 0 && args.start.length === 0 ? Buffer.from([0]) : Buffer.concat([ns, args.start]);
  const request: IRangeRequest = { key: start };
  if (args.end !== undefined) {
    // An empty end (or "\0") means "to the end of the keyspace": keep it inside the console's prefix.
    const unbounded = args.end.length === 0 || (args.end.length === 1 && args.end[0] === 0);
    request.range_end = unbounded ? keyspaceEnd() : Buffer.concat([ns, args.end]);
  }
  if (args.limit !== undefined) request.limit = String(args.limit);
  if (args.revision !== undefined) request.revision = String(args.revision);
  if (args.keysOnly) request.keys_only = true;
  if (args.countOnly) request.count_only = true;
  return request;
}

/** A range answer with the console's prefix taken off its keys. */
function fromResponse(res: IRangeResponse): Omit<RangeResult, 'revision'> {
  const ns = namespace();
  const kvs = res.kvs.map((kv) => (ns.length === 0 ? kv : { ...kv, key: kv.key.subarray(ns.length) }));
  return { kvs, more: res.more, count: Number(res.count) };
}
