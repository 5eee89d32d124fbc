// The bench's own etcd3 clients and bulk writes; the baselines talk to etcd through these, never through the console.
import { Etcd3 } from 'etcd3';

/**
 * A plain etcd3 client, as a program reading etcd directly would make one.
 * @param {string[]} endpoints
 * @returns {Etcd3}
 */
export function connect(endpoints) {
  return new Etcd3({
    hosts: endpoints,
    grpcOptions: { 'grpc.max_receive_message_length': 64 * 1024 * 1024 },
  });
}

/**
 * Waits until a read goes through: the cluster has a leader.
 * @param {Etcd3} client
 */
export async function waitUntilServing(client, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      await client.get('__bench_probe__').string();
      return;
    } catch (error) {
      last = error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`etcd did not start serving: ${String(last)}`);
}

/**
 * Writes `count` keys made by `keyAt(i)` in transactions of 128 puts, a few in flight (etcd's sweet spot).
 * @param {Etcd3} client
 * @param {number} count
 * @param {(i: number) => string} keyAt
 * @param {(i: number) => string} valueAt
 * @param {{ parallel?: number, onProgress?: (done: number) => void }} [options]
 */
export async function fillKeys(client, count, keyAt, valueAt, options = {}) {
  const batch = 128;
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < count) {
      const from = next;
      const to = Math.min(count, from + batch);
      next = to;
      const ops = [];
      for (let i = from; i < to; i++)
        ops.push({ request_put: { key: Buffer.from(keyAt(i)), value: Buffer.from(valueAt(i)) } });
      await client.kv.txn({ compare: [], success: ops, failure: [] });
      done += to - from;
      options.onProgress?.(done);
    }
  };
  await Promise.all(Array.from({ length: options.parallel ?? 6 }, worker));
}

/**
 * How many keys a range holds (count_only; etcd 3.4 still walks the range to count it).
 * @param {Etcd3} client
 * @param {string} prefix
 */
export async function countPrefix(client, prefix) {
  const res = await client.kv.range({
    key: Buffer.from(prefix),
    range_end: prefixEnd(Buffer.from(prefix)),
    count_only: true,
  });
  return Number(res.count);
}

/**
 * The first key after every key starting with `prefix`.
 * @param {Buffer} prefix
 * @returns {Buffer}
 */
export function prefixEnd(prefix) {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i] !== undefined && end[i] < 0xff) {
      end[i] = /** @type {number} */ (end[i]) + 1;
      return end.subarray(0, i + 1);
    }
  }
  return Buffer.from([0]);
}

/**
 * The smallest key after `key`.
 * @param {Buffer} key
 */
export function keyAfter(key) {
  return Buffer.concat([key, Buffer.from([0])]);
}

/**
 * gRPC calls etcd has handled so far, by method (Range, Txn, Put, LeaseGrant…), summed over members; from each
 * member's /metrics.
 * @param {string[]} endpoints
 * @returns {Promise<Map<string, number>>}
 */
export async function rpcCounts(endpoints) {
  /** @type {Map<string, number>} */
  const counts = new Map();
  for (const endpoint of endpoints) {
    const text = await (await fetch(`${endpoint}/metrics`)).text();
    for (const line of text.split('\n')) {
      if (!line.startsWith('grpc_server_handled_total{')) continue;
      const method = /grpc_method="([^"]+)"/.exec(line)?.[1];
      const value = Number(line.slice(line.lastIndexOf(' ') + 1));
      if (method && value > 0) counts.set(method, (counts.get(method) ?? 0) + value);
    }
  }
  return counts;
}

/**
 * The calls made between two rpcCounts(), per unit of work, as "Txn 2.0, Range 1.0".
 * @param {Map<string, number>} before
 * @param {Map<string, number>} after
 * @param {number} per
 */
export function rpcsPer(before, after, per) {
  return [...after.entries()]
    .map(([method, n]) => [method, (n - (before.get(method) ?? 0)) / per])
    .filter(([, n]) => Number(n) >= 0.05)
    .sort((a, b) => Number(b[1]) - Number(a[1]))
    .map(([method, n]) => `${method} ${Number(n).toFixed(1)}`)
    .join(', ');
}
