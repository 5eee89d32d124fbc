import 'server-only';
import { encodeBytes } from '../etcd/encoding';
import { range } from './range';
import { scanPrefix } from './scan-prefix';

/**
 * A prefix at one revision as a JSON document, streamed page by page so an export of any size never sits
 * in memory: { prefix, revision, exportedAt, items: [{ key, value, lease?, *Encoding? }] }.
 */
export async function exportPrefix(
  prefix: Buffer,
  revision: number | undefined,
): Promise<ReadableStream<Uint8Array>> {
  const pinned = revision ?? (await range({ start: prefix, keysOnly: true, limit: 1 })).revision;
  const encoder = new TextEncoder();
  const pages = scanPrefix(prefix, { revision: pinned });
  // Read the first page before answering: a compacted or future revision is a 410/400, not a broken download.
  let firstPage: IteratorResult<{ kvs: import('etcd3').IKeyValue[]; revision: number }> | null =
    await pages.next();
  const shownPrefix = encodeBytes(prefix);
  let first = true;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const head = {
        prefix: shownPrefix.text,
        prefixEncoding: shownPrefix.encoding,
        revision: pinned,
        exportedAt: new Date().toISOString(),
      };
      controller.enqueue(encoder.encode(`${JSON.stringify(head).slice(0, -1)},"items":[`));
    },
    async pull(controller) {
      const next = firstPage ?? (await pages.next());
      firstPage = null;
      if (next.done) {
        controller.enqueue(encoder.encode('\n]}\n'));
        controller.close();
        return;
      }
      const lines = next.value.kvs.map((kv) => {
        const key = encodeBytes(kv.key);
        const value = encodeBytes(kv.value);
        const item: Record<string, string> = { key: key.text, value: value.text };
        if (key.encoding === 'base64') item.keyEncoding = 'base64';
        if (value.encoding === 'base64') item.valueEncoding = 'base64';
        if (kv.lease && String(kv.lease) !== '0') item.lease = String(kv.lease);
        const line = `${first ? '' : ','}\n${JSON.stringify(item)}`;
        first = false;
        return line;
      });
      controller.enqueue(encoder.encode(lines.join('')));
    },
    async cancel() {
      await pages.return(undefined);
    },
  });
}
