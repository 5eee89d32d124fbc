// Writes many keys quickly: transactions of 128 puts, a few in flight at once.
import type { Etcd3 } from 'etcd3';

export async function fillKeys(
  client: Etcd3,
  keys: string[],
  value: (key: string) => string = () => 'v',
  parallel = 8,
) {
  const batches: string[][] = [];
  for (let i = 0; i < keys.length; i += 128) batches.push(keys.slice(i, i + 128));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++]!;
      await client
        .if(batch[0]!, 'Version', '>', -1)
        .then(...batch.map((k) => client.put(k).value(value(k))))
        .commit();
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}
