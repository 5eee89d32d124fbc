// Reads every key under a prefix in pages at one revision: grpc-js refuses responses over 4 MiB.
import type { IKeyValue, Namespace } from 'etcd3';

export type RangeSnapshot = { kvs: IKeyValue[]; revision: number };

/** Smallest key greater than every key starting with `prefix`. */
export function prefixEnd(prefix: string): Buffer {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i]! < 0xff) {
      end[i]!++;
      return end.subarray(0, i + 1);
    }
  }
  return Buffer.from([0]);
}

export async function rangePrefix(kv: Namespace, prefix: string, pageSize = 500): Promise<RangeSnapshot> {
  const end = prefixEnd(prefix);
  const kvs: IKeyValue[] = [];
  let start = Buffer.from(prefix);
  let revision = 0;
  for (;;) {
    const builder = kv.getAll().inRange({ start, end }).limit(pageSize);
    if (revision > 0) builder.revision(revision);
    const page = await builder.exec();
    if (revision === 0) revision = Number(page.header.revision);
    kvs.push(...page.kvs);
    const last = page.kvs[page.kvs.length - 1];
    if (!page.more || !last) return { kvs, revision };
    start = Buffer.concat([last.key, Buffer.from([0])]);
  }
}
