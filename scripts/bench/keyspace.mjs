// Large keyspace: children of a prefix with a million descendants, the first page of a listing and the
// streamed export, each against the same reads done directly on etcd in the same run.
import http from 'node:http';
import { BIG_CHILDREN, BIG_PREFIX, ensureBigKeyspace } from './lib/big-keyspace.mjs';
import { keyAfter, prefixEnd } from './lib/etcd.mjs';
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
 * The console's skip-scan (lib/kv/list-children.ts) done directly: one keys-only, limit-1 read per child.
 * @param {import('etcd3').Etcd3} client
 * @param {string} prefixText
 */
async function directChildren(client, prefixText) {
  const prefix = Buffer.from(prefixText);
  const end = prefixEnd(prefix);
  const slash = Buffer.from('/');
  /** @type {string[]} */
  const names = [];
  let cursor = prefix;
  /** @type {string | undefined} */
  let revision;
  for (;;) {
    const res = await client.kv.range({ key: cursor, range_end: end, limit: '1', keys_only: true, revision });
    revision ??= res.header.revision;
    const kv = res.kvs[0];
    if (!kv) break;
    const rest = kv.key.subarray(prefix.length);
    const cut = rest.indexOf(slash);
    const name = cut === -1 ? rest : rest.subarray(0, cut);
    names.push(name.toString('utf8'));
    cursor = cut === -1 ? keyAfter(kv.key) : prefixEnd(Buffer.concat([prefix, name, slash]));
  }
  return names;
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

/** @param {import('./lib/context.mjs').BenchContext} ctx */
export async function run(ctx) {
  const size = await ensureBigKeyspace(ctx);
  ctx.check(size === (ctx.quick ? 20_000 : 1_000_000), `the big keyspace holds ${size} keys`);
  const reps = ctx.quick ? 5 : 3;
  const exportWindowMs = ctx.quick ? 60_000 : 20_000;
  const client = ctx.client;

  // Baselines first, straight to etcd.
  const baseChildren = await timed(reps, () => directChildren(client, BIG_PREFIX));
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
    `baseline: children ${baseChildren.ms} ms, first page ${baseFirstPage.ms} ms, one limit-1 probe ${oneProbe.ms} ms, export ${Math.round(baseExport.keysPerSecond)} keys/s`,
  );

  const server = await ctx.startConsole();
  const agent = keepAliveAgent(4);
  const childrenUrl = `${server.url}/api/v1/kv/children?prefix=${encodeURIComponent(BIG_PREFIX)}`;
  const { result: children, obs: childrenObs } = await observe(ctx, server, 'kv.children', () =>
    timed(reps, () => json(childrenUrl, { agent, timeoutMs: 300_000 })),
  );
  const names = children.last.children.map((/** @type {{ name: string }} */ c) => c.name);
  ctx.check(
    names.length === BIG_CHILDREN &&
      names.every((/** @type {string} */ n, /** @type {number} */ i) => n === `c${i}`),
    `children of ${BIG_PREFIX} are c0…c${BIG_CHILDREN - 1} (got ${names.join(',')})`,
  );
  ctx.check(
    JSON.stringify(names) === JSON.stringify(baseChildren.last),
    'console children equal the direct skip-scan',
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
    baseChildren: { ms: baseChildren.ms, times: baseChildren.times },
    oneProbe: { ms: oneProbe.ms, times: oneProbe.times },
    baseFirstPage: { ms: baseFirstPage.ms, times: baseFirstPage.times },
    baseExport,
    children: { ms: children.ms, times: children.times },
    firstPage: { ms: firstPage.ms, times: firstPage.times },
    conExport,
    childrenObs,
    firstPageObs,
    exportObs,
    baseExportObs,
  };
  ctx.say(
    `console: children ${children.ms} ms, first page ${firstPage.ms} ms, export ${Math.round(conExport.keysPerSecond)} keys/s`,
  );

  const sizeText = size.toLocaleString('en-US');
  const walk = `etcd ${'3.4'} walks the whole requested range on every call even with a limit: one limit-1 keys-only probe over the ${sizeText}-key prefix takes ${oneProbe.ms} ms directly`;
  ctx.addRow({
    measured: `children of a prefix with ${sizeText} descendants (${BIG_CHILDREN} children), median of ${reps}`,
    figure: children.ms,
    unit: 'ms',
    baseline: baseChildren.ms,
    baselineWhat: 'same skip-scan via etcd3',
    target: '≤ 250 ms',
    met: children.ms <= 250,
    note:
      children.ms <= 250
        ? ''
        : `gap ${round(children.ms - 250, 0)} ms; the skip-scan (lib/kv/list-children.ts listChildren) makes ${BIG_CHILDREN + 1} limit-1 probes from the cursor to the prefix end, and ${walk}; ${describe(childrenObs, reps)}`,
  });
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
