// API overhead: GET /api/v1/kv/item and a compare-and-swap PUT at 20 and 50 concurrent connections, against the
// same operations through the etcd3 client directly, in the same closed loop; the console served by server.mjs's
// fast path, and (full runs) through Next.js's App Router (CONSOLE_FAST_API=0) for comparison.
import { json, keepAliveAgent, request } from './lib/http.mjs';
import { closedLoop } from './lib/load.mjs';
import { describe, observe } from './lib/observe.mjs';
import { round, summarize } from './lib/stats.mjs';

const PREFIX = '/bench/api/';
const MAX_CONCURRENCY = 50;
const VALUE = JSON.stringify({ feature: 'checkout', enabled: true, rollout: 25, note: 'x'.repeat(64) });

/** @param {number} i */
const keyOf = (i) => `${PREFIX}k${String(i).padStart(2, '0')}`;

/** The etcd3 client straight to etcd: one Range, and one compare-and-swap Txn, per operation. */
async function measureBaseline(ctx, concurrency, durationMs, warmupMs) {
  const client = ctx.client;
  const { result: get, obs: getObs } = await observe(ctx, null, null, () =>
    closedLoop({
      concurrency,
      durationMs,
      warmupMs,
      op: async (i) => {
        const res = await client.kv.range({ key: Buffer.from(keyOf(i)) });
        if (res.kvs.length !== 1) throw new Error('baseline read found no key');
      },
    }),
  );
  /** @type {number[]} */
  const revs = [];
  for (let i = 0; i < concurrency; i++) {
    const res = await client.kv.range({ key: Buffer.from(keyOf(i)) });
    revs[i] = Number(res.kvs[0]?.mod_revision);
  }
  const { result: put, obs: putObs } = await observe(ctx, null, null, () =>
    closedLoop({
      concurrency,
      durationMs,
      warmupMs,
      op: async (i) => {
        const key = Buffer.from(keyOf(i));
        const res = await client.kv.txn({
          compare: [{ key, target: 'Mod', result: 'Equal', mod_revision: String(revs[i]) }],
          success: [{ request_put: { key, value: Buffer.from(VALUE) } }],
          failure: [],
        });
        if (!res.succeeded) throw new Error('baseline CAS lost to itself');
        revs[i] = Number(res.header.revision);
      },
    }),
  );
  ctx.check(
    get.errors === 0 && put.errors === 0,
    `baseline: no errors (${get.firstError ?? ''}${put.firstError ?? ''})`,
  );
  return { get, put, getObs, putObs };
}

/** The console over HTTP: GET /kv/item, then CAS PUT /kv/item with the revision each GET or PUT returned. */
async function measureConsole(ctx, server, concurrency, durationMs, warmupMs) {
  const agent = keepAliveAgent(concurrency);
  const itemUrl = (/** @type {number} */ i) =>
    `${server.url}/api/v1/kv/item?key=${encodeURIComponent(keyOf(i))}`;
  const first = await json(itemUrl(0), { agent });
  ctx.check(first.item?.value === VALUE, 'GET /api/v1/kv/item returns the stored value');
  const { result: get, obs: getObs } = await observe(ctx, server, 'kv.item.get', () =>
    closedLoop({
      concurrency,
      durationMs,
      warmupMs,
      op: async (i) => {
        const res = await request(itemUrl(i), { agent });
        if (res.status !== 200) throw new Error(`GET answered ${res.status}: ${res.body.slice(0, 200)}`);
      },
    }),
  );
  /** @type {number[]} */
  const revs = [];
  for (let i = 0; i < concurrency; i++) revs[i] = (await json(itemUrl(i), { agent })).item.modRevision;
  let conflicts = 0;
  const putUrl = `${server.url}/api/v1/kv/item`;
  const { result: put, obs: putObs } = await observe(ctx, server, 'kv.item.put', () =>
    closedLoop({
      concurrency,
      durationMs,
      warmupMs,
      op: async (i) => {
        const res = await request(putUrl, {
          method: 'PUT',
          agent,
          body: { key: keyOf(i), value: VALUE, expectedModRevision: revs[i] },
        });
        if (res.status === 409) conflicts += 1;
        if (res.status !== 200) throw new Error(`PUT answered ${res.status}: ${res.body.slice(0, 200)}`);
        revs[i] = JSON.parse(res.body).item.modRevision;
      },
    }),
  );
  // A stale revision must be refused, not overwrite.
  const stale = await request(putUrl, {
    method: 'PUT',
    agent,
    body: { key: keyOf(0), value: 'stale', expectedModRevision: 1 },
  });
  agent.destroy();
  ctx.check(get.errors === 0, `console GET: no errors (${get.errors}; ${get.firstError ?? ''})`);
  ctx.check(
    put.errors === 0 && conflicts === 0,
    `console CAS PUT: no errors or conflicts (${put.errors}, ${conflicts} conflicts; ${put.firstError ?? ''})`,
  );
  ctx.check(stale.status === 409, `a PUT with a stale expectedModRevision answers 409 (got ${stale.status})`);
  return { get, put, getObs, putObs };
}

/** @param {import('./lib/context.mjs').BenchContext} ctx */
export async function run(ctx) {
  const durationMs = ctx.quick ? 3000 : 15_000;
  const warmupMs = ctx.quick ? 500 : 2000;
  for (let i = 0; i < MAX_CONCURRENCY; i++) await ctx.client.put(keyOf(i)).value(VALUE);
  const levels = ctx.quick ? [50] : [20, 50];
  // The serving paths measured: server.mjs's fast path (what runs), and Next.js's App Router for comparison.
  const designs = ctx.quick
    ? [['fast path', {}]]
    : [
        ['fast path', {}],
        ['via Next.js', { CONSOLE_FAST_API: '0' }],
      ];
  /** @type {Record<string, unknown>} */
  const details = {};
  for (const concurrency of levels) {
    const base = await measureBaseline(ctx, concurrency, durationMs, warmupMs);
    details[`base${concurrency}`] = {
      get: summarize(base.get.latencies),
      put: summarize(base.put.latencies),
    };
    for (const [design, env] of designs) {
      const server = await ctx.startConsole(env);
      const con = await measureConsole(ctx, server, concurrency, durationMs, warmupMs);
      await server.stop();
      details[`${design} ${concurrency}`] = {
        get: summarize(con.get.latencies),
        put: summarize(con.put.latencies),
        getObs: con.getObs,
        putObs: con.putObs,
      };
      addRows(ctx, concurrency, design, con, base);
    }
  }
  ctx.details = details;
}

function addRows(ctx, concurrency, design, con, base) {
  const comparison = design !== 'fast path';
  for (const [op, c, b, obs, baseObs, extra] of /** @type {const} */ ([
    ['GET /api/v1/kv/item', con.get, base.get, con.getObs, base.getObs, 'baseline: one Range'],
    [
      'CAS PUT /api/v1/kv/item',
      con.put,
      base.put,
      con.putObs,
      base.putObs,
      "baseline: Txn compare mod_revision + put; the console's Txn also reads the key back and writes an audit record",
    ],
  ])) {
    const tput = c.throughput / b.throughput;
    const cs = summarize(c.latencies);
    const bs = summarize(b.latencies);
    const p99 = cs.p99 / bs.p99;
    const where = `${describe(obs, c.total)}; baseline window: ${describe(baseObs, b.total)}`;
    const label = comparison ? ` (${design}, for comparison)` : '';
    ctx.addRow({
      measured: `${op} throughput, ${concurrency} connections${label}`,
      figure: round(c.throughput, 0),
      unit: 'req/s',
      baseline: round(b.throughput, 0),
      baselineWhat: 'etcd3 client',
      target: comparison ? 'reported' : '≥ 60% of baseline',
      met: comparison ? null : tput >= 0.6,
      note: tput >= 0.6 ? extra : `gap ${round((0.6 - tput) * 100, 0)} points below 60%; ${where}; ${extra}`,
    });
    ctx.addRow({
      measured: `${op} p99, ${concurrency} connections${label}`,
      figure: cs.p99,
      unit: 'ms',
      baseline: bs.p99,
      baselineWhat: 'etcd3 client',
      target: comparison ? 'reported' : '≤ 2× baseline',
      met: comparison ? null : p99 <= 2,
      note: `${p99 <= 2 ? '' : `gap ${round(cs.p99 - 2 * bs.p99, 1)} ms over 2×; `}p50 ${cs.p50} ms vs ${bs.p50} ms; the same window as the throughput row above`,
    });
  }
}
