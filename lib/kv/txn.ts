import 'server-only';
// Raw etcd transactions with the console prefix applied by hand: compares over ranges, ignore_lease and
// reads inside the transaction are beyond the etcd3 builders.
import type { ICompare, IKeyValue, IRequestOp, ITxnResponse } from 'etcd3';
import { etcdClient, etcdConfig } from '../etcd/client';

function ns(key: Buffer): Buffer {
  const prefix = etcdConfig().prefix;
  return prefix ? Buffer.concat([Buffer.from(prefix), key]) : key;
}

function unns(kv: IKeyValue): IKeyValue {
  const prefix = etcdConfig().prefix;
  return prefix ? { ...kv, key: kv.key.subarray(Buffer.byteLength(prefix)) } : kv;
}

export const op = {
  put(key: Buffer, value: Buffer, lease: { id?: string; keep?: boolean } = {}): IRequestOp {
    return {
      request_put: {
        key: ns(key),
        value,
        ...(lease.keep ? { ignore_lease: true } : lease.id && lease.id !== '0' ? { lease: lease.id } : {}),
      },
    };
  },
  get(key: Buffer): IRequestOp {
    return { request_range: { key: ns(key) } };
  },
  delete(key: Buffer, end?: Buffer): IRequestOp {
    return { request_delete_range: { key: ns(key), ...(end ? { range_end: ns(end) } : {}), prev_kv: false } };
  },
};

export const compare = {
  /** The key's mod_revision equals `revision` (0 = the key does not exist). */
  modIs(key: Buffer, revision: number): ICompare {
    return { key: ns(key), target: 'Mod', result: 'Equal', mod_revision: String(revision) };
  },
  /** No key in [key, end) was modified after `revision`. */
  unchangedSince(key: Buffer, end: Buffer, revision: number): ICompare {
    return {
      key: ns(key),
      range_end: ns(end),
      target: 'Mod',
      result: 'Less',
      mod_revision: String(revision + 1),
    };
  },
  exists(key: Buffer): ICompare {
    return { key: ns(key), target: 'Create', result: 'Greater', create_revision: '0' };
  },
};

export async function commit(
  compares: ICompare[],
  success: IRequestOp[],
  failure: IRequestOp[] = [],
): Promise<ITxnResponse> {
  return etcdClient().kv.txn({ compare: compares, success, failure });
}

/** The key-values a range op inside the transaction read, with the prefix taken off. */
export function rangeResult(res: ITxnResponse, index: number): IKeyValue[] {
  const kvs = res.responses[index]?.response_range?.kvs ?? [];
  return kvs.map(unns);
}
