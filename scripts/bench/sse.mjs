// SSE fan-out: put → client latency and server memory at many concurrent watch streams, console vs a minimal
// node:http broadcaster of the same events (scripts/bench/sse-broadcaster.mjs) in the same run.
import { fork, spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { freePort } from '../lib/free-port.mjs';
import { gauge, scrape } from './lib/metrics.mjs';
import { commandLine, cpuMs, listeningPid, rssMb } from './lib/proc.mjs';
import { round } from './lib/stats.mjs';

const PREFIX = '/bench/sse/';

/**
 * @typedef {{ watches: number, streams: number, heapMb: number, externalMb: number, lagP99Ms: number }} Gauges
 * @typedef {{ url: string, pid: () => number, stop: () => Promise<void>, metrics: (() => Promise<Gauges>) | null }} Server
 */

/**
 * @param {string[]} endpoints
 * @returns {Promise<Server>}
 */
async function startBroadcaster(endpoints) {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(import.meta.dirname, 'sse-broadcaster.mjs')], {
    env: { ...process.env, ETCD_ENDPOINTS: endpoints.join(','), PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await new Promise((resolve, reject) => {
    readline
      .createInterface({ input: /** @type {import('node:stream').Readable} */ (child.stdout) })
      .on('line', (line) => {
        if (line === 'listening') resolve(undefined);
      });
    void exited.then(() => reject(new Error('the SSE broadcaster exited while starting')));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: () => listeningPid(/** @type {number} */ (child.pid), port),
    metrics: null,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Opens `count` streams on `server`, puts values at a sustained `rate` per second for `seconds` (on a fixed
 * schedule, each put awaited so they commit in order), and times each arrival at every client. The clients and
 * the puts run in a fresh process (sse-load.mjs) for each measurement; this process samples the server between.
 * @param {import('./lib/context.mjs').BenchContext} ctx
 * @param {Server} server
 * @param {{ count: number, rate: number, seconds: number }} load
 * @param {string} label
 */
async function measure(ctx, server, load, label) {
  const { count } = load;
  const gaugesBefore = server.metrics ? await server.metrics() : null;
  const job = { url: server.url, endpoints: ctx.endpoints, prefix: PREFIX, ...load, label };
  const child = fork(path.join(import.meta.dirname, 'sse-load.mjs'), [JSON.stringify(job)], {
    stdio: 'inherit',
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  /** @type {(type: string) => Promise<any>} */
  const step = (type) =>
    new Promise((resolve, reject) => {
      const on = (/** @type {any} */ m) => {
        if (m?.type !== type) return;
        child.off('message', on);
        resolve(m);
      };
      child.on('message', on);
      void exited.then(() => reject(new Error(`${label}: the SSE load process exited before "${type}"`)));
    });
  try {
    await step('connected');
    const rssIdle = rssMb(server.pid());
    const gaugesIdle = server.metrics ? await server.metrics() : null;
    const cpu0 = cpuMs(server.pid());
    const w0 = performance.now();
    child.send({ type: 'go' });
    const done = await step('done');
    const cpuUsed = cpuMs(server.pid()) - cpu0;
    const cpuPct = (100 * cpuUsed) / (performance.now() - w0);
    const rss = rssMb(server.pid());
    const gauges = server.metrics ? await server.metrics() : null;
    child.send({ type: 'close' });
    await exited;
    ctx.check(
      done.n === done.expected,
      `${label}: each of ${count} clients got all ${done.puts} changes (${done.n}/${done.expected})`,
    );
    ctx.check(
      done.outOfOrder === 0,
      `${label}: changes arrived in order at every client (${done.outOfOrder} out of order)`,
    );
    ctx.say(
      `${label} ${count} clients: connect ${done.connectSeconds} s, p50 ${done.p50} ms, p99 ${done.p99} ms, max ${done.max} ms, RSS ${Math.round(rss)} MB (idle ${Math.round(rssIdle)} MB)${gauges ? `, watches ${gauges.watches}, streams ${gauges.streams}` : ''}`,
    );
    return {
      n: done.n,
      p50: done.p50,
      p99: done.p99,
      max: done.max,
      rate: load.rate,
      achievedRate: done.achievedRate,
      putsBehindSchedule: done.putsBehindSchedule,
      rss: round(rss, 0),
      rssIdle: round(rssIdle, 0),
      connectSeconds: done.connectSeconds,
      cpuPct: round(cpuPct, 0),
      cpuPerDeliveryUs: round((1000 * cpuUsed) / Math.max(1, done.n), 1),
      gauges,
      gaugesIdle,
      gaugesBefore,
    };
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

/**
 * The console as a measured server: its listening process, and its gauges from /api/v1/metrics.
 * @param {import('./lib/context.mjs').BenchContext} ctx
 * @param {import('./lib/context.mjs').ConsoleHandle} consoleServer
 * @returns {Server}
 */
function consoleAsServer(ctx, consoleServer) {
  const pid = consoleServer.serverPid();
  ctx.details.consoleProcess = {
    spawned: { pid: consoleServer.spawnedPid, command: commandLine(consoleServer.spawnedPid) },
    listening: { pid, command: commandLine(pid) },
    note: 'RSS is read from /proc/<pid>/status of the process holding the listening socket, found among the spawned server.mjs process and its descendants through /proc/net/tcp inodes',
  };
  ctx.say(
    `console: spawned pid ${consoleServer.spawnedPid}, listening pid ${pid} (${commandLine(pid).slice(0, 80)})`,
  );
  return {
    url: consoleServer.url,
    pid: () => pid,
    stop: consoleServer.stop,
    metrics: async () => {
      const m = await scrape(consoleServer.url);
      return {
        watches: gauge(m, 'etcd_console_etcd_watches'),
        streams: gauge(m, 'etcd_console_sse_streams'),
        heapMb: round(gauge(m, 'etcd_console_nodejs_heap_size_used_bytes') / 2 ** 20, 0),
        externalMb: round(gauge(m, 'etcd_console_nodejs_external_memory_bytes') / 2 ** 20, 0),
        lagP99Ms: round(gauge(m, 'etcd_console_nodejs_eventloop_lag_p99_seconds') * 1000, 0),
      };
    },
  };
}

/**
 * Closed streams must be released: the gauge falls back to 0.
 * @param {import('./lib/context.mjs').BenchContext} ctx
 * @param {Server} server
 */
async function checkStreamsReleased(ctx, server) {
  const deadline = Date.now() + 10_000;
  let streams = Number.NaN;
  while (Date.now() < deadline) {
    streams = (await /** @type {NonNullable<Server['metrics']>} */ (server.metrics)()).streams;
    if (streams === 0) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  ctx.check(streams === 0, `console released every SSE stream after the clients left (${streams} open)`);
}

/** @param {import('./lib/context.mjs').BenchContext} ctx */
export async function run(ctx) {
  // Sustained rates users reach on a busy prefix: 50 changes/s to 1,000 clients, 20/s to 5,000.
  const loads = ctx.quick
    ? [{ count: 100, rate: 20, seconds: 3 }]
    : [
        { count: 1000, rate: 50, seconds: 20 },
        { count: 5000, rate: 20, seconds: 20 },
      ];
  const sizes = loads.map((l) => l.count);
  const loadOf = (/** @type {number} */ n) =>
    /** @type {(typeof loads)[number]} */ (loads.find((l) => l.count === n));
  /** @type {Record<string, Record<number, Awaited<ReturnType<typeof measure>>>>} */
  const results = { baseline: {}, console: {} };

  let baseWatches = 0;
  const broadcaster = await startBroadcaster(ctx.endpoints);
  try {
    const consoleServer = await ctx.startConsole();
    const server = consoleAsServer(ctx, consoleServer);
    // The console's own watches before any stream (the webhook dispatcher follows its endpoint settings).
    baseWatches = (await /** @type {NonNullable<Server['metrics']>} */ (server.metrics)()).watches;
    // Both servers stay up; each size is measured on both, in alternating order, each in a fresh client process.
    for (const [i, n] of sizes.entries()) {
      const order = i % 2 === 0 ? ['baseline', 'console'] : ['console', 'baseline'];
      for (const side of order) {
        if (side === 'baseline') results.baseline[n] = await measure(ctx, broadcaster, loadOf(n), 'baseline');
        else {
          results.console[n] = await measure(ctx, server, loadOf(n), 'console');
          await checkStreamsReleased(ctx, server);
        }
      }
      ctx.details[`order${n}`] = order.join(' then ');
    }
  } finally {
    await broadcaster.stop();
  }
  ctx.details.results = results;

  for (const n of sizes) {
    const c = /** @type {Awaited<ReturnType<typeof measure>>} */ (results.console[n]);
    const b = /** @type {Awaited<ReturnType<typeof measure>>} */ (results.baseline[n]);
    const clients = `${n.toLocaleString('en-US')} clients at ${loadOf(n).rate} changes/s for ${loadOf(n).seconds} s`;
    ctx.addRow({
      measured: `put→client latency p50, ${clients}`,
      figure: c.p50,
      unit: 'ms',
      baseline: b.p50,
      baselineWhat: 'node:http broadcaster',
      target: 'reported',
      met: null,
      note: `${c.n} deliveries; achieved ${c.achievedRate}/s (broadcaster run ${b.achievedRate}/s)`,
    });
    const p99Ratio = c.p99 / b.p99;
    ctx.addRow({
      measured: `put→client latency p99, ${clients}`,
      figure: c.p99,
      unit: 'ms',
      baseline: b.p99,
      baselineWhat: 'node:http broadcaster',
      target: '≤ 1.5× baseline',
      met: p99Ratio <= 1.5,
      note: `${p99Ratio <= 1.5 ? '' : `gap ${round(c.p99 - 1.5 * b.p99, 1)} ms over 1.5× baseline; `}server CPU while the changes went out: console ${c.cpuPct}% of a core = ${c.cpuPerDeliveryUs} µs per delivered frame, broadcaster ${b.cpuPct}% = ${b.cpuPerDeliveryUs} µs; console event-loop lag p99 ${c.gauges?.lagP99Ms} ms`,
    });
    ctx.addRow({
      measured: `server RSS, ${clients}`,
      figure: c.rss,
      unit: 'MB',
      baseline: b.rss,
      baselineWhat: 'node:http broadcaster',
      target: n >= 5000 ? '≤ 400 MB' : 'reported',
      met: n >= 5000 ? c.rss <= 400 : null,
      note: `${n >= 5000 && c.rss > 400 ? `gap ${round(c.rss - 400, 0)} MB; ` : ''}idle with ${clients} connected: RSS ${c.rssIdle} MB (broadcaster ${b.rssIdle} MB), console JS heap ${c.gaugesIdle?.heapMb} MB (${round((((c.gaugesIdle?.heapMb ?? 0) - (c.gaugesBefore?.heapMb ?? 0)) * 1024) / n, 0)} KB more per stream than before they connected), external ${c.gaugesIdle?.externalMb} MB; after the changes: JS heap ${c.gauges?.heapMb} MB, external ${c.gauges?.externalMb} MB; RSS of the process holding the listening socket (server.mjs serves from the spawned process itself)`,
    });
    const watches = (c.gauges?.watches ?? Number.NaN) - baseWatches;
    ctx.addRow({
      measured: `etcd watches held, ${clients} on one prefix`,
      figure: watches,
      unit: '',
      baseline: null,
      baselineWhat: '',
      target: '1 per watched prefix',
      met: watches === 1,
      note: `etcd_console_etcd_watches from /api/v1/metrics, less the ${baseWatches} the console held before any stream (the webhook dispatcher's); etcd_console_sse_streams ${c.gauges?.streams}`,
    });
  }
}
