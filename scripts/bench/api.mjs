// API overhead: GET /api/v1/kv/item and a compare-and-swap PUT at 50 concurrent connections, against the same
// operations through the etcd3 client directly, in the same closed loop.
import { json, keepAliveAgent, request } from './lib/http.mjs';
import { closedLoop } from './lib/load.mjs';
import { describe, observe } from './lib/observe.mjs';
import { round, summarize } from './lib/stats.mjs';

const PREFIX = '/bench/api/';
const CONCURRENCY = 50;
const VALUE = JSON.stringify({ feature: 'checkout', enabled: true, rollout: 25, note: 'x'.repeat(64) });

/** @param {number} i */
const keyOf = (i) => `${PREFIX}k${String(i).padStart(2, '0')}`;

/** @param {import('./lib/context.mjs').BenchContext} ctx */
export async function run(ctx) {
  const durationMs = ctx.quick ? 3000 : 15_000;
  const warmupMs = ctx.quick ? 500 : 2000;
  const client = ctx.client;
  for (let i = 0; i < CONCURRENCY; i++) await client.put(keyOf(i)).value(VALUE);

  // Baselines: the etcd3 client straight to etcd.
  const { result: baseGet, obs: baseGetObs } = await observe(ctx, null, null, () =>
    closedLoop({
      concurrency: CONCURRENCY,
      durationMs,
      warmupMs,
      op: async (i) => {
        const res = await client.kv.range({ key: Buffer.from(keyOf(i)) });
        if (res.kvs.length !== 1) throw new Error('baseline read found no key');
      },
    }),
  );
  /** @type {number[]} */
  const baseRevs = [];
  for (let i = 0; i < CONCURRENCY; i++) {
    const res = await client.kv.range({ key: Buffer.from(keyOf(i)) });
    baseRevs[i] = Number(res.kvs[0]?.mod_revision);
  }
  const { result: basePut, obs: basePutObs } = await observe(ctx, null, null, () =>
    closedLoop({
      concurrency: CONCURRENCY,
      durationMs,
      warmupMs,
      op: async (i) => {
        const key = Buffer.from(keyOf(i));
        const res = await client.kv.txn({
          compare: [{ key, target: 'Mod', result: 'Equal', mod_revision: String(baseRevs[i]) }],
          success: [{ request_put: { key, value: Buffer.from(VALUE) } }],
          failure: [],
        });
        if (!res.succeeded) throw new Error('baseline CAS lost to itself');
        baseRevs[i] = Number(res.header.revision);
      },
    }),
  );

  // The console, one fresh process for this scenario.
  const server = await ctx.startConsole();
  const agent = keepAliveAgent(CONCURRENCY);
  const itemUrl = (/** @type {number} */ i) =>
    `${server.url}/api/v1/kv/item?key=${encodeURIComponent(keyOf(i))}`;
  const first = await json(itemUrl(0), { agent });
  ctx.check(first.item?.value === VALUE, 'GET /api/v1/kv/item returns the stored value');
  const { result: conGet, obs: getObs } = await observe(ctx, server, 'kv.item.get', () =>
    closedLoop({
      concurrency: CONCURRENCY,
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
  for (let i = 0; i < CONCURRENCY; i++) revs[i] = (await json(itemUrl(i), { agent })).item.modRevision;
  let conflicts = 0;
  const putUrl = `${server.url}/api/v1/kv/item`;
  const { result: conPut, obs: putObs } = await observe(ctx, server, 'kv.item.put', () =>
    closedLoop({
      concurrency: CONCURRENCY,
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
  ctx.check(conGet.errors === 0, `console GET: no errors (${conGet.errors}; ${conGet.firstError ?? ''})`);
  ctx.check(
    conPut.errors === 0 && conflicts === 0,
    `console CAS PUT: no errors or conflicts (${conPut.errors}, ${conflicts} conflicts; ${conPut.firstError ?? ''})`,
  );
  ctx.check(
    baseGet.errors === 0 && basePut.errors === 0,
    `baseline: no errors (${baseGet.firstError ?? ''}${basePut.firstError ?? ''})`,
  );
  ctx.check(stale.status === 409, `a PUT with a stale expectedModRevision answers 409 (got ${stale.status})`);
  ctx.details = {
    baseGet: summarize(baseGet.latencies),
    basePut: summarize(basePut.latencies),
    conGet: summarize(conGet.latencies),
    conPut: summarize(conPut.latencies),
    getObs,
    putObs,
    baseGetObs,
    basePutObs,
  };

  for (const [op, con, base, obs, baseObs, extra] of /** @type {const} */ ([
    ['GET /api/v1/kv/item', conGet, baseGet, getObs, baseGetObs, 'baseline: one Range'],
    [
      'CAS PUT /api/v1/kv/item',
      conPut,
      basePut,
      putObs,
      basePutObs,
      "baseline: Txn compare mod_revision + put; the console's Txn also reads the key back and writes an audit record",
    ],
  ])) {
    const tput = con.throughput / base.throughput;
    const c = summarize(con.latencies);
    const b = summarize(base.latencies);
    const p99 = c.p99 / b.p99;
    const where = `${describe(obs, con.total)}; baseline window: ${describe(baseObs, base.total)}`;
    ctx.addRow({
      measured: `${op} throughput, ${CONCURRENCY} connections`,
      figure: round(con.throughput, 0),
      unit: 'req/s',
      baseline: round(base.throughput, 0),
      baselineWhat: 'etcd3 client',
      target: '≥ 60% of baseline',
      met: tput >= 0.6,
      note: tput >= 0.6 ? extra : `gap ${round((0.6 - tput) * 100, 0)} points below 60%; ${where}; ${extra}`,
    });
    ctx.addRow({
      measured: `${op} p99, ${CONCURRENCY} connections`,
      figure: c.p99,
      unit: 'ms',
      baseline: b.p99,
      baselineWhat: 'etcd3 client',
      target: '≤ 2× baseline',
      met: p99 <= 2,
      note: `${p99 <= 2 ? '' : `gap ${round(c.p99 - 2 * b.p99, 1)} ms over 2×; `}p50 ${c.p50} ms vs ${b.p50} ms; the same window as the throughput row above`,
    });
  }
}
