// Measures a window of work: CPU used by the console and etcd, and the console's own metrics for a route,
// so a missed target comes with where the time went.
import { rpcCounts, rpcsPer } from './etcd.mjs';
import { difference, scrape, timeSplit } from './metrics.mjs';
import { cpuMs } from './proc.mjs';
import { round } from './stats.mjs';

/**
 * @typedef {object} Observation
 * @property {number} wallMs
 * @property {number | null} consoleCpuPct share of one core used by the console process
 * @property {number} etcdCpuPct
 * @property {number} benchCpuPct the bench process itself (load generator, clients)
 * @property {{ requests: number, routeMeanMs: number, etcd: string[] } | null} split
 * @property {{ before: Map<string, number>, after: Map<string, number>, toJSON: () => Record<string, number> }} rpcs etcd's gRPC calls (JSON: the calls made in the window)
 */

/**
 * @template T
 * @param {import('./context.mjs').BenchContext} ctx
 * @param {import('./context.mjs').ConsoleHandle | null} server null for a baseline window
 * @param {string | null} route
 * @param {() => Promise<T>} fn
 * @returns {Promise<{ result: T, obs: Observation }>}
 */
export async function observe(ctx, server, route, fn) {
  const pid = server?.serverPid() ?? null;
  const before = server && route ? await scrape(server.url) : null;
  const rpc0 = await rpcCounts(ctx.endpoints);
  const c0 = pid ? cpuMs(pid) : 0;
  const e0 = ctx.etcdPids().reduce((n, p) => n + cpuMs(p), 0);
  const b0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await fn();
  const wallMs = performance.now() - t0;
  const b1 = process.cpuUsage(b0);
  const e1 = ctx.etcdPids().reduce((n, p) => n + cpuMs(p), 0);
  const c1 = pid ? cpuMs(pid) : 0;
  const after = server && route && before ? await scrape(server.url) : null;
  const rpc1 = await rpcCounts(ctx.endpoints);
  return {
    result,
    obs: {
      wallMs,
      consoleCpuPct: pid ? round((100 * (c1 - c0)) / wallMs, 0) : null,
      etcdCpuPct: round((100 * (e1 - e0)) / wallMs, 0),
      benchCpuPct: round((100 * (b1.user + b1.system)) / 1000 / wallMs, 0),
      split: before && after && route ? timeSplit(difference(before, after), route) : null,
      rpcs: { before: rpc0, after: rpc1, toJSON: () => Object.fromEntries(rpcDelta(rpc0, rpc1)) },
    },
  };
}

/**
 * @param {Observation} obs
 * @param {number} [requests] requests served in the window, for CPU and etcd calls per request
 */
export function describe(obs, requests) {
  const parts = [];
  if (requests)
    parts.push(`etcd calls per request: ${rpcsPer(obs.rpcs.before, obs.rpcs.after, requests) || 'none'}`);
  if (obs.consoleCpuPct !== null) {
    const per = requests
      ? ` = ${round((obs.consoleCpuPct * obs.wallMs) / 100 / requests, 2)} ms CPU/request`
      : '';
    parts.push(`console CPU ${obs.consoleCpuPct}% of a core${per}`);
  }
  parts.push(`etcd CPU ${obs.etcdCpuPct}%`, `load generator CPU ${obs.benchCpuPct}%`);
  if (obs.split) {
    parts.push(`route mean ${obs.split.routeMeanMs} ms`);
    if (obs.split.etcd.length)
      parts.push(
        `console's etcd calls (timed inside the console, its event-loop wait included): ${obs.split.etcd.join(', ')}`,
      );
  }
  if (obs.consoleCpuPct !== null && process.argv.includes('--profile'))
    parts.push('where the console CPU went: its profile below the table');
  return parts.join('; ');
}

/**
 * @param {Map<string, number>} before
 * @param {Map<string, number>} after
 */
function rpcDelta(before, after) {
  return [...after.entries()]
    .map(([m, n]) => /** @type {[string, number]} */ ([m, n - (before.get(m) ?? 0)]))
    .filter(([, n]) => n > 0);
}
