// Reads everything under a prefix at one revision, page by page, so a large config stays under gRPC limits.
import { type IKeyValue, type Namespace, Range } from 'etcd3';

const PAGE_SIZE = 500;

export type LoadedPrefix = { revision: number; kvs: IKeyValue[] };

/** Every key-value under `prefix` (keys relative to the namespace), all read at the first page's revision. */
export async function loadPrefix(kv: Namespace, prefix: string, pageSize = PAGE_SIZE): Promise<LoadedPrefix> {
  const { end } = Range.prefix(prefix);
  let start = Buffer.from(prefix);
  let revision: number | undefined;
  const kvs: IKeyValue[] = [];
  for (;;) {
    const builder = kv.getAll().inRange({ start, end }).limit(pageSize);
    if (revision !== undefined) builder.revision(revision);
    const res = await builder.exec();
    revision ??= Number(res.header.revision);
    kvs.push(...res.kvs);
    const last = res.kvs.at(-1);
    if (!res.more || !last) return { revision, kvs };
    // The next page starts just after the last key read.
    start = Buffer.concat([last.key, Buffer.from([0])]);
  }
}
