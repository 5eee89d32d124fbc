// Large keyspace: the first page of children of prefixes at several fan-outs, the first page of a listing and the
// streamed export, each against the same reads done directly on etcd in the same run.
//
// Children layouts (BENCH_KEYSPACE_LAYOUTS=big10,wide,big1000 picks some; default all three):
//   big10    1,000,000 keys in 10 children (the shared big keyspace, also used by the ui scenario)
//   wide     1,000 children × 100 keys
//   big1000  1,000,000 keys in 1,000 children
// Quick runs use 20,000 / 2,000 / 20,000 keys.
import http from 'node:http';
import { BIG_CHILDREN, BIG_PREFIX, bigKey, ensureBigKeyspace } from './lib/big-keyspace.mjs';
import { countPrefix, fillKeys, keyAfter, prefixEnd } from './lib/etcd.mjs';
import { json, keepAliveAgent } from './lib/http.mjs';
import { describe, observe } from './lib/observe.mjs';
import { median, round } from './lib/stats.mjs';

/**
 * Times `fn` `reps` times and returns the median in ms and the last result.
 * @template T
 * @param {number} reps
 * @param {() => Promise<T>} fn
 */
async function timed(reps, fn) {
  /** @type {number[]} */
  const times = [];
  /** @type {T | undefined} */
  let last;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    last = await fn();
    times.push(performance.now() - t0);
  }
  return { ms: round(median(times), 1), times: times.map((t) => round(t, 1)), last: /** @type {T} */ (last) };
}

/**
 * @typedef {object} Layout
 * @property {string} name
 * @property {string} prefix
 * @property {number} children
 * @property {number} keys
 * @property {(i: number) => string} key
 * @property {number} targetMs the first page's target at full size
 */

/**
 * The children layouts of this run.
 * @param {boolean} quick
 * @returns {Layout[]}
 */
function layouts(quick) {
  /** @type {(prefix: string, children: number) => (i: number) => string} */
  const keyOf = (prefix, children) => (i) => `${prefix}c${i % children}/k${String(i).padStart(7, '0')}`;
  const all = [
    {
      name: 'big10',
      prefix: BIG_PREFIX,
      children: BIG_CHILDREN,
      keys: quick ? 20_000 : 1_000_000,
      key: bigKey,
      targetMs: 250,
    },
    {
      name: 'wide',
      prefix: '/bench/wide/',
      children: 1000,
      keys: quick ? 2_000 : 100_000,
      key: keyOf('/bench/wide/', 1000),
      targetMs: 100,
    },
    {
      name: 'big1000',
      prefix: '/bench/big1000/',
      children: 1000,
      keys: quick ? 20_000 : 1_000_000,
      key: keyOf('/bench/big1000/', 1000),
      targetMs: 250,
    },
  ];
  const picked = process.env.BENCH_KEYSPACE_LAYOUTS?.split(',').map((n) => n.trim());
  return picked ? all.filter((l) => picked.includes(l.name)) : all;
}

/**
 * Fills a layout unless this run already did (the shared big keyspace through its own helper).
 * @param {import('./lib/context.mjs').BenchContext} ctx
 * @param {Layout} layout
 */
async function ensureLayout(ctx, layout) {
  if (layout.prefix === BIG_PREFIX) return ensureBigKeyspace(ctx);
  const have = await countPrefix(ctx.client, layout.prefix);
  if (have === layout.keys) return have;
  const t0 = performance.now();
  await fillKeys(ctx.client, layout.keys, layout.key, (i) => `{"n":${i},"pad":"${'x'.repeat(16)}"}`);
  ctx.say(
    `filled ${layout.keys.toLocaleString('en-US')} keys under ${layout.prefix} in ${round((performance.now() - t0) / 1000, 1)} s`,
  );
  return countPrefix(ctx.client, layout.prefix);
}

/**
 * The children names of a layout in the order the API returns them (byte order of names).
 * @param {Layout} layout
 */
function childNames(layout) {
  return Array.from({ length: layout.children }, (_, i) => `c${i}`).sort((a, b) =>
    Buffer.compare(Buffer.from(a), Buffer.from(b)),
  );
}

/**
 * Reads a prefix page by page at one revision, as a program exporting directly would; stops at `windowMs`.
 * @param {import('etcd3').Etcd3} client
 * @param {string} prefixText
 * @param {number} windowMs
 */
async function directExport(client, prefixText, windowMs) {
  const prefix = Buffer.from(prefixText);
  const end = prefixEnd(prefix);
  let start = prefix;
  /** @type {string | undefined} */
  let revision;
  let keys = 0;
  let bytes = 0;
  const t0 = performance.now();
  let complete = false;
  while (performance.now() - t0 < windowMs) {
    // Same page size as the console's scan (lib/kv/scan-prefix.ts SCAN_PAGE).
    const res = await client.kv.range({ key: start, range_end: end, limit: '500', revision });
    revision ??= res.header.revision;
    keys += res.kvs.length;
    for (const kv of res.kvs) bytes += kv.key.length + kv.value.length;
    const last = res.kvs[res.kvs.length - 1];
    if (!res.more || !last) {
      complete = true;
      break;
    }
    start = keyAfter(last.key);
  }
  const seconds = (performance.now() - t0) / 1000;
  return { keys, bytes, seconds, complete, keysPerSecond: keys / seconds };
}

/**
 * Streams GET /api/v1/kv/export and counts items as they arrive; stops at `windowMs`.
 * @param {string} url
 * @param {number} windowMs
 * @returns {Promise<{ keys: number, bytes: number, seconds: number, complete: boolean, keysPerSecond: number, firstByteMs: number }>}
 */
function consoleExport(url, windowMs) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let keys = 0;
    let bytes = 0;
    let firstByteMs = Number.NaN;
    let tail = '';
    let done = false;
    const finish = (/** @type {boolean} */ complete) => {
      if (done) return;
      done = true;
      const seconds = (performance.now() - t0) / 1000;
      resolve({ keys, bytes, seconds, complete, keysPerSecond: keys / seconds, firstByteMs });
    };
    const req = http.get(url, { agent: false }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`export answered ${res.statusCode}`));
        res.resume();
        return;
      }
      res.setEncoding('utf8');
      res.on('data', (/** @type {string} */ chunk) => {
        if (Number.isNaN(firstByteMs)) firstByteMs = performance.now() - t0;
        bytes += Buffer.byteLength(chunk);
        // Every item starts on its own line with {"key":
        const text = tail + chunk;
        let at = text.indexOf('\n{"key":');
        while (at !== -1) {
          keys += 1;
          at = text.indexOf('\n{"key":', at + 1);
        }
        tail = text.slice(-8);
        if (performance.now() - t0 >= windowMs) {
          finish(false);
          req.destroy();
        }
      });
      res.on('end', () => finish(true));
      res.on('error', () => finish(false));
    });
    req.on('error', (error) => (done ? undefined : reject(error)));
  });
}

/**
 * On etcd 3.4 a range over a million keys walks all of them, whatever its limit: one root listing costs 1.5–2.5 s
 * here, over the console's default 2 s call deadline. An operator with such a keyspace raises it, and so does this.
 */
const BIG_KEYSPACE_ENV = { ETCD_CALL_TIMEOUT_MS: '10000' };

/** @param {import('./lib/context.mjs').BenchContext} ctx */
export async function run(ctx) {
  const size = await ensureBigKeyspace(ctx);
  ctx.check(size === (ctx.quick ? 20_000 : 1_000_000), `the big keyspace holds ${size} keys`);
  const pageLayouts = layouts(ctx.quick);
  for (const layout of pageLayouts) {
    const have = await ensureLayout(ctx, layout);
    ctx.check(have === layout.keys, `${layout.prefix} holds ${layout.keys} keys (got ${have})`);
  }
  const reps = ctx.quick ? 5 : 3;
  const exportWindowMs = ctx.quick ? 60_000 : 20_000;
  const client = ctx.client;

  // Baselines first, straight to etcd: one range read of 100 keys over each prefix (etcd 3.4 counts the whole
  // prefix to answer it, as every read the console makes over the same range would).
  /** @type {Map<string, { ms: number, times: number[] }>} */
  const basePages = new Map();
  for (const layout of pageLayouts) {
    const prefix = Buffer.from(layout.prefix);
    const page = await timed(reps * 2, () =>
      client.kv.range({ key: prefix, range_end: prefixEnd(prefix), limit: '100' }),
    );
    basePages.set(layout.name, { ms: page.ms, times: page.times });
  }
  const wholeRange = { key: Buffer.from([0]), range_end: Buffer.from([0]), limit: '100' };
  const baseFirstPage = await timed(reps * 2, () => client.kv.range(wholeRange));
  const oneProbe = await timed(reps, () =>
    client.kv.range({
      key: Buffer.from(BIG_PREFIX),
      range_end: prefixEnd(Buffer.from(BIG_PREFIX)),
      limit: '1',
      keys_only: true,
    }),
  );
  const { result: baseExport, obs: baseExportObs } = await observe(ctx, null, null, () =>
    directExport(client, BIG_PREFIX, exportWindowMs),
  );
  ctx.say(
    `baseline: limit-100 range ${[...basePages].map(([n, p]) => `${n} ${p.ms} ms`).join(', ')}; first page ${baseFirstPage.ms} ms, one limit-1 probe ${oneProbe.ms} ms, export ${Math.round(baseExport.keysPerSecond)} keys/s`,
  );

  const server = await ctx.startConsole(BIG_KEYSPACE_ENV);
  const agent = keepAliveAgent(4);
  /** @type {Record<string, unknown>} */
  const childPages = {};
  for (const layout of pageLayouts) {
    const url = `${server.url}/api/v1/kv/children?prefix=${encodeURIComponent(layout.prefix)}&limit=100`;
    const { result: first, obs } = await observe(ctx, server, 'kv.children', () =>
      timed(reps, () => json(url, { agent, timeoutMs: 300_000 })),
    );
    const want = childNames(layout);
    const names = first.last.children.map((/** @type {{ name: string }} */ c) => c.name);
    ctx.check(
      JSON.stringify(names) === JSON.stringify(want.slice(0, 100)),
      `the first page of ${layout.prefix} is its first ${Math.min(100, want.length)} children (got ${names.slice(0, 5).join(',')}…)`,
    );
    ctx.check(
      (first.last.nextCursor !== null) === want.length > 100,
      `the first page of ${layout.prefix} has a cursor exactly when more children follow`,
    );
    const second = first.last.nextCursor
      ? await timed(reps, () => json(`${url}&cursor=${first.last.nextCursor}`, { agent, timeoutMs: 300_000 }))
      : null;
    if (second) {
      const more = second.last.children.map((/** @type {{ name: string }} */ c) => c.name);
      ctx.check(
        JSON.stringify(more) === JSON.stringify(want.slice(100, 200)),
        `the second page of ${layout.prefix} holds the next children`,
      );
    }
    const base = /** @type {{ ms: number, times: number[] }} */ (basePages.get(layout.name));
    childPages[layout.name] = {
      keys: layout.keys,
      children: layout.children,
      firstPage: { ms: first.ms, times: first.times },
      secondPage: second ? { ms: second.ms, times: second.times } : null,
      baseline: base,
      obs,
    };
    const ratio = first.ms / base.ms;
    const met = first.ms <= layout.targetMs && ratio <= 3;
    const keysText = layout.keys.toLocaleString('en-US');
    const childrenText = layout.children.toLocaleString('en-US');
    ctx.addRow({
      measured: `first page (up to 100) of GET /api/v1/kv/children over ${keysText} keys in ${childrenText} children, median of ${reps}`,
      figure: first.ms,
      unit: 'ms',
      baseline: base.ms,
      baselineWhat: 'one direct range read, limit 100, over the same prefix',
      target: `≤ ${layout.targetMs} ms at full size and ≤ 3× baseline`,
      met,
      note: `${second ? `second page ${second.ms} ms; ` : ''}${met ? '' : `gap ${round(first.ms - Math.min(layout.targetMs, 3 * base.ms), 0)} ms; `}${describe(obs, reps)}`,
    });
  }
  ctx.say(
    `console: children first page ${Object.entries(childPages)
      .map(([n, p]) => `${n} ${/** @type {{ firstPage: { ms: number } }} */ (p).firstPage.ms} ms`)
      .join(', ')}`,
  );
  const listUrl = `${server.url}/api/v1/kv?prefix=&limit=100`;
  const { result: firstPage, obs: firstPageObs } = await observe(ctx, server, 'kv.list', () =>
    timed(reps * 2, () => json(listUrl, { agent, timeoutMs: 120_000 })),
  );
  const items = firstPage.last.items;
  const direct = /** @type {Awaited<ReturnType<typeof client.kv.range>>} */ (baseFirstPage.last).kvs.map(
    (kv) => kv.key.toString('utf8'),
  );
  ctx.check(items.length === 100 && firstPage.last.nextCursor, 'the first page has 100 keys and a cursor');
  ctx.check(
    items.every((/** @type {{ key: string }} */ it, /** @type {number} */ i) => it.key === direct[i]),
    'the first page equals the direct range read',
  );
  const { result: conExport, obs: exportObs } = await observe(ctx, server, 'kv.export', () =>
    consoleExport(`${server.url}/api/v1/kv/export?prefix=${encodeURIComponent(BIG_PREFIX)}`, exportWindowMs),
  );
  agent.destroy();
  if (ctx.quick) {
    ctx.check(
      conExport.complete && conExport.keys === size,
      `the export holds all ${size} keys (got ${conExport.keys})`,
    );
    ctx.check(baseExport.complete && baseExport.keys === size, `the direct paged read sees all ${size} keys`);
  } else {
    ctx.check(
      conExport.keys > 0,
      `the export streamed keys within ${exportWindowMs / 1000} s (${conExport.keys})`,
    );
  }
  ctx.details = {
    childPages,
    oneProbe: { ms: oneProbe.ms, times: oneProbe.times },
    baseFirstPage: { ms: baseFirstPage.ms, times: baseFirstPage.times },
    baseExport,
    firstPage: { ms: firstPage.ms, times: firstPage.times },
    conExport,
    firstPageObs,
    exportObs,
    baseExportObs,
  };
  ctx.say(`console: first page ${firstPage.ms} ms, export ${Math.round(conExport.keysPerSecond)} keys/s`);

  const sizeText = size.toLocaleString('en-US');
  const pageRatio = firstPage.ms / baseFirstPage.ms;
  ctx.addRow({
    measured: `first page (100 keys) of GET /api/v1/kv?prefix=&limit=100, median of ${reps * 2}`,
    figure: firstPage.ms,
    unit: 'ms',
    baseline: baseFirstPage.ms,
    baselineWhat: 'direct range read of 100 keys',
    target: '≤ 2× baseline',
    met: pageRatio <= 2,
    note:
      pageRatio <= 2
        ? `both pay etcd's walk of the whole keyspace (${sizeText}+ keys)`
        : `gap ${round(firstPage.ms - 2 * baseFirstPage.ms, 0)} ms; ${describe(firstPageObs, reps * 2)}`,
  });
  const exportRatio = conExport.keysPerSecond / baseExport.keysPerSecond;
  const pages = Math.ceil(size / 500);
  const wholeSeconds = round((pages * oneProbe.ms) / 2 / 1000, 0);
  const windowText = conExport.complete
    ? 'whole export'
    : `first ${exportWindowMs / 1000} s of the stream; a whole export would take about ${wholeSeconds} s on etcd 3.4 (${pages.toLocaleString('en-US')} pages of 500, each walking the rest of the range: ${oneProbe.ms} ms at the start)`;
  ctx.addRow({
    measured: `GET /api/v1/kv/export throughput (${windowText})`,
    figure: round(conExport.keysPerSecond, 0),
    unit: 'keys/s',
    baseline: round(baseExport.keysPerSecond, 0),
    baselineWhat: 'direct paged read, 500-key pages',
    target: '≥ 50% of baseline',
    met: exportRatio >= 0.5,
    note: `${round(conExport.bytes / 1e6 / conExport.seconds, 1)} MB/s of JSON, first byte after ${round(conExport.firstByteMs, 0)} ms${exportRatio >= 0.5 ? '' : `; gap ${round((0.5 - exportRatio) * 100, 0)} points below 50%; ${describe(exportObs)}; baseline window: ${describe(baseExportObs)}`}`,
  });
}
