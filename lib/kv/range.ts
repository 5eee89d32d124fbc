import 'server-only';
// Range reads on the raw gRPC client with the console's prefix applied by hand: the etcd3 builders
// cannot combine keys_only, count_only, a revision and a limit, which paging at scale needs.
import type { IKeyValue, IRangeRequest } from 'etcd3';
import { etcdClient, etcdConfig } from '../etcd/client';
import { prefixEnd } from './key-range';

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

export async function range(args: RangeArgs): Promise<RangeResult> {
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
  const res = await etcdClient().kv.range(request);
  const kvs = res.kvs.map((kv) => (ns.length === 0 ? kv : { ...kv, key: kv.key.subarray(ns.length) }));
  return { kvs, more: res.more, count: Number(res.count), revision: Number(res.header.revision) };
}
