// Measures ways of listing the children of a prefix on a real etcd, straight on the gRPC client (no console):
// the old skip-scan, the paged search of lib/kv/children-scan.ts, and what an in-memory index would have to load
// first, each beside one direct limit-100 range over the same prefix. The numbers behind docs/architecture.md,
// "Children at any fan-out".
//
//   npx tsx scripts/bench/children-designs.ts                 # starts an etcd, fills the layouts, measures
//   ETCD_ENDPOINTS=http://127.0.0.1:2379 npx tsx scripts/bench/children-designs.ts --no-fill
//   … --only wide,big10 --reps 3 --skip-scan big10 --index
import type { Etcd3 } from 'etcd3';
import { type Probe, scanChildren } from '../../lib/kv/children-scan';
import { startEtcd } from '../lib/etcd-server.mjs';
import { connect, fillKeys, waitUntilServing } from './lib/etcd.mjs';

type Layout = { name: string; prefix: string; keys: number; key: (i: number) => string; note: string };

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const LAYOUTS: Layout[] = [
  {
    name: 'wide',
    prefix: '/cd/wide/',
    keys: 100_000,
    key: (i) => `/cd/wide/c${i % 1000}/k${pad(i, 7)}`,
    note: '1,000 children × 100 keys',
  },
  {
    name: 'big10',
    prefix: '/cd/big10/',
    keys: 1_000_000,
    key: (i) => `/cd/big10/c${i % 10}/k${pad(i, 7)}`,
    note: '1,000,000 keys in 10 children',
  },
  {
    name: 'big1000',
    prefix: '/cd/big1000/',
    keys: 1_000_000,
    key: (i) => `/cd/big1000/c${i % 1000}/k${pad(i, 7)}`,
    note: '1,000,000 keys in 1,000 children',
  },
  {
    name: 'padded',
    prefix: '/cd/padded/',
    keys: 100_000,
    key: (i) => `/cd/padded/c${pad(i % 1000, 3)}/k${pad(i, 7)}`,
    note: '1,000 zero-padded children × 100 keys',
  },
  {
    name: 'flat',
    prefix: '/cd/flat/',
    keys: 100_000,
    key: (i) => `/cd/flat/k${pad(i, 7)}`,
    note: '100,000 leaves, no grandchildren',
  },
  {
    name: 'uuid',
    prefix: '/cd/uuid/',
    keys: 20_000,
    key: (i) => `/cd/uuid/${uuid(i % 1000)}/k${pad(i, 7)}`,
    note: '1,000 random (UUID) children × 20 keys',
  },
];

/** A fixed pseudo-random UUID per index, so every run fills the same keys. */
function uuid(n: number): string {
  let x = (n + 1) * 2654435761;
  let hex = '';
  for (let i = 0; i < 32; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    hex += (x >> 16).toString(16).slice(-1);
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function prefixEnd(prefix: Buffer): Buffer {
  const end = Buffer.from(prefix);
  end[end.length - 1] = end[end.length - 1]! + 1;
  return end;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed<T>(reps: number, fn: () => Promise<T>): Promise<{ ms: number; last: T }> {
  const times: number[] = [];
  let last: T | undefined;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    last = await fn();
    times.push(performance.now() - t0);
  }
  return { ms: Math.round(median(times) * 10) / 10, last: last as T };
}

/** One round of probes as one or more read-only transactions of ≤128 range reads at one revision. */
function rawProbe(client: Etcd3): Probe {
  return async (ops, revision) => {
    const chunks: (typeof ops)[] = [];
    for (let i = 0; i < ops.length; i += 128) chunks.push(ops.slice(i, i + 128));
    const txn = (chunk: typeof ops, rev: number | undefined) =>
      client.kv.txn({
        compare: [],
        failure: [],
        success: chunk.map((op) => ({
          request_range: {
            key: op.start,
            range_end: op.end ?? Buffer.from([0]),
            limit: String(op.limit),
            keys_only: true,
            ...(rev === undefined ? {} : { revision: String(rev) }),
          },
        })),
      });
    let at = revision;
    const answers = [];
    if (at === undefined) {
      const first = await txn(chunks.shift()!, undefined);
      at = Number(first.header.revision);
      answers.push(first);
    }
    answers.push(...(await Promise.all(chunks.map((c) => txn(c, at)))));
    const results = answers.flatMap((a) =>
      a.responses.map((r) => {
        const range = r.response_range!;
        return { keys: range.kvs.map((kv) => kv.key), count: Number(range.count), more: range.more };
      }),
    );
    return { results, revision: at! };
  };
}

/** The skip-scan the console used before: one keys-only, limit-1 read from the cursor to the prefix end per child. */
async function skipScan(client: Etcd3, prefixText: string): Promise<{ names: string[]; calls: number }> {
  const prefix = Buffer.from(prefixText);
  const end = prefixEnd(prefix);
  const names: string[] = [];
  let cursor: Buffer = prefix;
  let revision: string | undefined;
  let calls = 0;
  for (;;) {
    const res = await client.kv.range({ key: cursor, range_end: end, limit: '1', keys_only: true, revision });
    calls++;
    revision ??= res.header.revision;
    const kv = res.kvs[0];
    if (!kv) break;
    const rest = kv.key.subarray(prefix.length);
    const cut = rest.indexOf('/');
    const name = cut === -1 ? rest : rest.subarray(0, cut);
    names.push(name.toString());
    cursor =
      cut === -1
        ? Buffer.concat([kv.key, Buffer.from([0])])
        : prefixEnd(Buffer.concat([prefix, name, Buffer.from('/')]));
  }
  return { names, calls };
}

async function main() {
  const argv = process.argv.slice(2);
  const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1]!.split(',') : null;
  const reps = argv.includes('--reps') ? Number(argv[argv.indexOf('--reps') + 1]) : 3;
  // --skip-scan alone: for every layout; --skip-scan wide,big10: for those (it takes minutes on wide ones).
  const skipArg = argv.includes('--skip-scan') ? argv[argv.indexOf('--skip-scan') + 1] : undefined;
  const skipScanOf = (name: string) =>
    argv.includes('--skip-scan') &&
    (!skipArg || skipArg.startsWith('--') || skipArg.split(',').includes(name));
  const withIndex = argv.includes('--index');
  const layouts = LAYOUTS.filter((l) => !only || only.includes(l.name));
  const external = process.env.ETCD_ENDPOINTS?.split(',');
  const etcd = external
    ? null
    : await startEtcd({ extraArgs: ['--quota-backend-bytes=8589934592', '--auto-compaction-retention=0'] });
  const client = connect(external ?? etcd!.endpoints);
  try {
    await waitUntilServing(client);
    for (const layout of layouts) {
      const prefix = Buffer.from(layout.prefix);
      const have = await client.getAll().prefix(layout.prefix).count();
      if (have !== layout.keys && !argv.includes('--no-fill')) {
        const t0 = performance.now();
        await fillKeys(client, layout.keys, layout.key, () => 'v');
        console.log(
          `${layout.name}: filled ${layout.keys} keys in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
        );
      }
      const end = prefixEnd(prefix);
      const probe = rawProbe(client);
      const delimiter = Buffer.from('/');
      // Interleaved, rep by rep, so the direct read and the pages meet the same load.
      const times = { direct: [] as number[], first: [] as number[], second: [] as number[] };
      let first: Awaited<ReturnType<typeof scanChildren>> | null = null;
      let second: Awaited<ReturnType<typeof scanChildren>> | null = null;
      const lap = async <T>(into: number[], fn: () => Promise<T>): Promise<T> => {
        const t0 = performance.now();
        const out = await fn();
        into.push(performance.now() - t0);
        return out;
      };
      for (let i = 0; i < reps; i++) {
        await lap(times.direct, () => client.kv.range({ key: prefix, range_end: end, limit: '100' }));
        first = await lap(times.first, () =>
          scanChildren({ prefix, delimiter, after: null, limit: 100, probe }),
        );
        const last = first.children[first.children.length - 1]!.name;
        second = await lap(times.second, () =>
          scanChildren({ prefix, delimiter, after: last, hint: first!.hint, limit: 100, probe }),
        );
      }
      const ms = (xs: number[]) => Math.round(median(xs) * 10) / 10;
      const [d, f, g] = [ms(times.direct), ms(times.first), ms(times.second)];
      const s1 = first!.stats;
      const s2 = second!.stats;
      console.log(
        `${layout.name} (${layout.note}): direct limit-100 ${d} ms | page 1: ${f} ms = ${(f / d).toFixed(2)}×, ${first!.children.length} children, ${s1.rounds} rounds, ${s1.ops} range reads, walked ${s1.walked.toLocaleString('en-US')} keys | page 2: ${g} ms = ${(g / d).toFixed(2)}×, ${s2.rounds} rounds, ${s2.ops} reads, walked ${s2.walked.toLocaleString('en-US')}`,
      );
      if (skipScanOf(layout.name)) {
        const old = await timed(1, () => skipScan(client, layout.prefix));
        const all = old.last.names;
        const want = all.slice(0, 100);
        const got = first!.children.map((c) => c.name.toString());
        const got2 = second!.children.map((c) => c.name.toString());
        const ok = JSON.stringify(got) === JSON.stringify(want);
        const ok2 = JSON.stringify(got2) === JSON.stringify(all.slice(100, 200));
        console.log(
          `  skip-scan (all ${all.length} children, ${old.last.calls} calls): ${old.ms} ms; pages match it: ${ok} ${ok2}`,
        );
      }
      if (withIndex) {
        // An in-memory index starts from every key of the prefix: one keys-only read of all of them.
        const load = await timed(1, async () => {
          let keys = 0;
          let bytes = 0;
          let start = prefix;
          let revision: string | undefined;
          for (;;) {
            const res = await client.kv.range({
              key: start,
              range_end: end,
              keys_only: true,
              limit: '100000',
              revision,
            });
            revision ??= res.header.revision;
            for (const kv of res.kvs) bytes += kv.key.length;
            keys += res.kvs.length;
            const last = res.kvs[res.kvs.length - 1];
            if (!res.more || !last) break;
            start = Buffer.concat([last.key, Buffer.from([0])]);
          }
          return { keys, bytes };
        });
        console.log(
          `  index load: ${load.last.keys.toLocaleString('en-US')} keys (${(load.last.bytes / 1e6).toFixed(1)} MB of key bytes) in ${load.ms} ms`,
        );
      }
    }
  } finally {
    client.close();
    await etcd?.destroy();
  }
}

await main();
