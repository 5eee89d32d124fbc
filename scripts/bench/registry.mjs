// Registry: 10,000 instances in 100 services — GET /api/v1/services, one service's detail, and the /services page
// in Chromium until it shows its table.
import { launchBrowser } from './lib/browser.mjs';
import { keyAfter, prefixEnd } from './lib/etcd.mjs';
import { json, keepAliveAgent, request } from './lib/http.mjs';
import { describe, observe } from './lib/observe.mjs';
import { median, round } from './lib/stats.mjs';
import { describeTotals, mainThreadTotals, TRACE_CATEGORIES } from './lib/trace.mjs';

const ROOT = '/services/';

/**
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
 * Grants one lease per instance and writes the instances in transactions of 128 puts.
 * @param {import('etcd3').Etcd3} client
 * @param {number} services
 * @param {number} perService
 */
async function register(client, services, perService) {
  const total = services * perService;
  /** @type {string[]} */
  const leases = new Array(total);
  let next = 0;
  const grant = async () => {
    while (next < total) {
      const i = next++;
      leases[i] = String((await client.leaseClient.leaseGrant({ TTL: 3600, ID: 0 })).ID);
    }
  };
  await Promise.all(Array.from({ length: 32 }, grant));
  const now = new Date().toISOString();
  let at = 0;
  const write = async () => {
    while (at < total) {
      const from = at;
      const to = Math.min(total, from + 128);
      at = to;
      const ops = [];
      for (let i = from; i < to; i++) {
        const service = `svc-${String(Math.floor(i / perService)).padStart(3, '0')}`;
        const id = `inst-${String(i % perService).padStart(4, '0')}`;
        const value = {
          id,
          service,
          address: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
          port: 8080,
          metadata: { zone: `zone-${i % 3}`, build: 'bench' },
          weight: 1,
          status: i % 10 === 0 ? 'draining' : 'up',
          version: '1.0.0',
          registeredAt: now,
        };
        ops.push({
          request_put: {
            key: Buffer.from(`${ROOT}${service}/${id}`),
            value: Buffer.from(JSON.stringify(value)),
            lease: leases[i],
          },
        });
      }
      await client.kv.txn({ compare: [], success: ops, failure: [] });
    }
  };
  await Promise.all(Array.from({ length: 6 }, write));
  return leases;
}

/**
 * What a program reading the registry directly does: page through /services/ (1,000 keys a page, as the SDK) and
 * count instances per service.
 * @param {import('etcd3').Etcd3} client
 * @param {string} prefixText
 */
async function directRead(client, prefixText) {
  const prefix = Buffer.from(prefixText);
  const end = prefixEnd(prefix);
  let start = prefix;
  /** @type {string | undefined} */
  let revision;
  /** @type {import('etcd3').IKeyValue[]} */
  const kvs = [];
  for (;;) {
    const res = await client.kv.range({ key: start, range_end: end, limit: '1000', revision });
    revision ??= res.header.revision;
    kvs.push(...res.kvs);
    const last = res.kvs[res.kvs.length - 1];
    if (!res.more || !last) break;
    start = keyAfter(last.key);
  }
  return kvs;
}

/** @param {import('./lib/context.mjs').BenchContext} ctx */
export async function run(ctx) {
  const services = ctx.quick ? 10 : 100;
  const perService = ctx.quick ? 50 : 100;
  const total = services * perService;
  const reps = ctx.quick ? 5 : 10;
  const t0 = performance.now();
  await ctx.client.delete().prefix(ROOT);
  const leases = await register(ctx.client, services, perService);
  ctx.say(
    `registered ${total} instances on ${leases.length} leases in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  const detailName = `svc-${String(Math.floor(services / 2)).padStart(3, '0')}`;

  // Baselines: the same reads straight from etcd.
  const baseList = await timed(reps, async () => {
    /** @type {Map<string, number>} */
    const counts = new Map();
    for (const kv of await directRead(ctx.client, ROOT)) {
      const service = kv.key.toString('utf8').split('/')[2] ?? '';
      JSON.parse(kv.value.toString('utf8'));
      counts.set(service, (counts.get(service) ?? 0) + 1);
    }
    return counts;
  });
  const baseDetail = await timed(reps, async () => {
    const kvs = await directRead(ctx.client, `${ROOT}${detailName}/`);
    let next = 0;
    const ttl = async () => {
      while (next < kvs.length) {
        const kv = /** @type {import('etcd3').IKeyValue} */ (kvs[next++]);
        await ctx.client.leaseClient.leaseTimeToLive({ ID: kv.lease });
      }
    };
    await Promise.all(Array.from({ length: 16 }, ttl));
    return kvs.length;
  });

  const server = await ctx.startConsole();
  const agent = keepAliveAgent(2);
  const listUrl = `${server.url}/api/v1/services`;
  const detailUrl = `${server.url}/api/v1/services/${detailName}`;
  await json(listUrl, { agent });
  await json(detailUrl, { agent });
  const { result: list, obs: listObs } = await observe(ctx, server, 'services.list', () =>
    timed(reps, () => json(listUrl, { agent })),
  );
  const { result: detail, obs: detailObs } = await observe(ctx, server, 'services.get', () =>
    timed(reps, () => json(detailUrl, { agent })),
  );
  // The page's HTML as the server streams it, without a browser: how much of the page's time is the server's.
  const html = await timed(reps, async () => {
    const res = await request(`${server.url}/services`, { agent, headers: { accept: 'text/html' } });
    if (res.status !== 200) throw new Error(`GET /services answered ${res.status}`);
    return res.body.length;
  });
  agent.destroy();
  const listed = list.last.services;
  const sum = listed.reduce(
    (/** @type {number} */ n, /** @type {{ instances: number }} */ s) => n + s.instances,
    0,
  );
  const draining = listed.reduce(
    (/** @type {number} */ n, /** @type {{ draining: number }} */ s) => n + s.draining,
    0,
  );
  ctx.check(
    listed.length === services && sum === total,
    `GET /api/v1/services lists ${services} services with ${total} instances (got ${listed.length}, ${sum})`,
  );
  ctx.check(draining === total / 10, `the list counts ${total / 10} draining instances (got ${draining})`);
  ctx.check(
    detail.last.instances.length === perService &&
      detail.last.instances.every((/** @type {{ ttl: number | null }} */ i) => typeof i.ttl === 'number'),
    `the detail of ${detailName} has ${perService} instances with lease TTLs`,
  );

  // The page, in Chromium: a fresh browser context each load (cold browser cache, warm server).
  const browser = await launchBrowser();
  /** @type {number[]} */
  const loads = [];
  let shown = '';
  /** @type {Record<string, number>[]} */
  const timings = [];
  /** @type {ReturnType<typeof mainThreadTotals> | null} */
  let mainThread = null;
  try {
    for (let i = 0; i < (ctx.quick ? 3 : 5); i++) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      const page = await context.newPage();
      /** @type {string[]} */
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      // One more load, traced and not timed: what the browser's main thread spent its time on.
      const traced = i === (ctx.quick ? 2 : 4);
      if (traced) await browser.startTracing(page, { categories: TRACE_CATEGORIES });
      const start = performance.now();
      await page.goto(`${server.url}/services`, { waitUntil: 'commit' });
      // Interactive: the table's rows are on screen (or, before the page exists, its placeholder) and hydrated.
      const ready = page
        .locator('[data-testid="services-table"] [data-testid^="service-row-"], [data-testid="not-built"]')
        .first();
      await ready.waitFor({ state: 'visible', timeout: 60_000 });
      await page.waitForLoadState('load');
      await page.waitForFunction(() => document.readyState === 'complete');
      const ms = performance.now() - start;
      if (traced) mainThread = mainThreadTotals(await browser.stopTracing());
      shown = (await ready.getAttribute('data-testid')) ?? '';
      const timing = await page.evaluate(() => {
        const nav = /** @type {PerformanceNavigationTiming} */ (
          performance.getEntriesByType('navigation')[0]
        );
        return { ttfb: nav.responseStart, domInteractive: nav.domInteractive, load: nav.loadEventEnd };
      });
      if (!traced) timings.push(timing);
      ctx.check(errors.length === 0, `the /services page loads without script errors (${errors.join('; ')})`);
      if (i > 0 && !traced) loads.push(ms); // the first load warms the server's page code
      await context.close();
    }
  } finally {
    await browser.close();
  }
  const pageMs = round(median(loads), 0);
  const rows = shown.startsWith('service-row-');
  if (rows) {
    const rowCount = listed.length;
    ctx.check(rowCount === services, `the page shows ${services} services`);
  }
  ctx.details = {
    baseList: { ms: baseList.ms, times: baseList.times },
    baseDetail: { ms: baseDetail.ms, times: baseDetail.times },
    list: { ms: list.ms, times: list.times },
    detail: { ms: detail.ms, times: detail.times },
    listObs,
    detailObs,
    page: { loads, timings, shown },
    html: { ms: html.ms, times: html.times, bytes: html.last },
    mainThread,
  };

  ctx.addRow({
    measured: `GET /api/v1/services, ${total.toLocaleString('en-US')} instances in ${services} services, median of ${reps}`,
    figure: list.ms,
    unit: 'ms',
    baseline: baseList.ms,
    baselineWhat: 'direct paged read + JSON.parse',
    target: '≤ 300 ms',
    met: list.ms <= 300,
    note: list.ms <= 300 ? '' : `gap ${round(list.ms - 300, 0)} ms; ${describe(listObs, reps)}`,
  });
  ctx.addRow({
    measured: `GET /api/v1/services/${detailName} (${perService} instances with lease TTLs), median of ${reps}`,
    figure: detail.ms,
    unit: 'ms',
    baseline: baseDetail.ms,
    baselineWhat: 'direct read + LeaseTimeToLive ×16 in flight',
    target: 'reported',
    met: null,
    note: describe(detailObs, reps),
  });
  ctx.addRow({
    measured: `/services page in Chromium until ${rows ? 'its table rows show' : 'it shows (page still "not built": placeholder measured)'}, median of ${loads.length} cold-cache loads`,
    figure: pageMs,
    unit: 'ms',
    baseline: null,
    baselineWhat: '',
    target: '≤ 1,500 ms',
    met: pageMs <= 1500,
    note: `the server streams the whole page's HTML (${html.last} bytes) in ${html.ms} ms (median of ${reps}, no browser); navigation timing of the last load: TTFB ${round(timings.at(-1)?.ttfb ?? Number.NaN, 0)} ms, DOM interactive ${round(timings.at(-1)?.domInteractive ?? Number.NaN, 0)} ms, load ${round(timings.at(-1)?.load ?? Number.NaN, 0)} ms; traced, the browser's ${mainThread ? describeTotals(mainThread) : 'trace is missing'}`,
  });
}
