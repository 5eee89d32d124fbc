// Dispatch throughput without the console (no Next build needed): worker processes running the worker SDK against
// the protocol's raw claim + finish transactions, in the same run, on one etcd started (and stopped) here. With
// --before <git ref> an older copy of lib/ runs too, so "before" and "after" share the run and its baseline.
//
//   node scripts/bench/dispatch-measure.mjs [--count 2000] [--rounds 1] [--workers 10] [--concurrency 2]
//                                           [--before HEAD] [--profile] [--keep]
//
// --profile samples every worker's CPU (10 ms) from "ready" to the last result and prints where the time went,
// summed over the workers of each variant.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from '../lib/ensure.mjs';
import { startEtcd } from '../lib/etcd-server.mjs';
import { followResults, rawProtocol, spawnWorker, writeCommands } from './dispatch.mjs';
import { connect, rpcCounts, rpcsPer, waitUntilServing } from './lib/etcd.mjs';
import { cpuMs } from './lib/proc.mjs';

const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '1' },
    workers: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '2' },
    before: { type: 'string' },
    profile: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const COUNT = Number(args.count);
const ROUNDS = Number(args.rounds);
const WORKERS = Number(args.workers);
const CONCURRENCY = Number(args.concurrency);

const say = (/** @type {string} */ message) => process.stdout.write(`[dispatch-measure] ${message}\n`);

/**
 * Copies lib/ as it was at `ref` into `dir`, with node_modules linked, and returns the copy's worker SDK entry.
 * @param {string} ref
 * @param {string} dir
 */
function checkoutSdk(ref, dir) {
  fs.mkdirSync(dir, { recursive: true });
  const tar = execFileSync('git', ['archive', ref, 'lib'], { cwd: projectRoot, maxBuffer: 256 * 2 ** 20 });
  execFileSync('tar', ['-x', '-C', dir], { input: tar });
  fs.symlinkSync(path.join(projectRoot, 'node_modules'), path.join(dir, 'node_modules'));
  return path.join(dir, 'lib', 'sdk', 'worker', 'index.ts');
}

/**
 * Txn calls between two rpcCounts(), per command.
 * @param {Map<string, number>} before
 * @param {Map<string, number>} after
 */
function txnPer(before, after) {
  return ((after.get('Txn') ?? 0) - (before.get('Txn') ?? 0)) / COUNT;
}

/**
 * @param {import('etcd3').Etcd3} client
 * @param {string[]} endpoints
 * @param {() => number[]} etcdPids
 * @param {string[]} leases
 * @param {string} group
 */
async function measureRaw(client, endpoints, etcdPids, leases, group) {
  const follow = await followResults(client, group);
  const rpc0 = await rpcCounts(endpoints);
  const etcd0 = etcdPids().reduce((n, p) => n + cpuMs(p), 0);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const ids = await writeCommands(client, group, COUNT);
  await rawProtocol(client, group, ids, leases, WORKERS * CONCURRENCY);
  const seconds = (performance.now() - t0) / 1000;
  const etcdMs = etcdPids().reduce((n, p) => n + cpuMs(p), 0) - etcd0;
  const etcdCpu = (100 * etcdMs) / (seconds * 1000);
  const used = process.cpuUsage(cpu0);
  // This process also follows the results (as it does for the SDK runs): its CPU is an upper bound for the client's.
  const clientMs = (used.user + used.system) / 1000;
  const txn = txnPer(rpc0, await rpcCounts(endpoints));
  await follow.waitFor(COUNT, 10_000);
  await follow.close();
  if (follow.results.size !== COUNT) throw new Error(`raw: ${follow.results.size} of ${COUNT} results`);
  return {
    rate: COUNT / seconds,
    seconds,
    txn,
    etcdCpu,
    clientMsPerCommand: clientMs / COUNT,
    etcdMsPerCommand: etcdMs / COUNT,
  };
}

/**
 * @param {import('etcd3').Etcd3} client
 * @param {string[]} endpoints
 * @param {() => number[]} etcdPids
 * @param {string} group
 * @param {string | undefined} sdk
 * @param {string | null} profileDir
 */
async function measureSdk(client, endpoints, etcdPids, group, sdk, profileDir) {
  const workers = Array.from({ length: WORKERS }, (_, i) =>
    spawnWorker(endpoints, group, i, profileDir, { sdk, profileAll: true, concurrency: CONCURRENCY }),
  );
  /** @type {Awaited<ReturnType<typeof followResults>> | null} */
  let follow = null;
  try {
    await Promise.all(workers.map((w) => w.ready));
    for (const w of workers) w.startProfile();
    follow = await followResults(client, group);
    const pids = workers.map((w) => /** @type {number} */ (w.pid));
    const cpu0 = pids.reduce((n, p) => n + cpuMs(p), 0);
    const etcd0 = etcdPids().reduce((n, p) => n + cpuMs(p), 0);
    const rpc0 = await rpcCounts(endpoints);
    const t0 = performance.now();
    await writeCommands(client, group, COUNT);
    await follow.waitFor(COUNT, 300_000);
    const last = [...follow.results.values()].reduce((m, r) => Math.max(m, r.at), 0);
    const seconds = (last - t0) / 1000;
    const elapsed = performance.now() - t0;
    const rpc1 = await rpcCounts(endpoints);
    const txn = txnPer(rpc0, rpc1);
    const rpcs = rpcsPer(rpc0, rpc1, COUNT);
    const workerMs = pids.reduce((n, p) => n + cpuMs(p), 0) - cpu0;
    const etcdMs = etcdPids().reduce((n, p) => n + cpuMs(p), 0) - etcd0;
    const workerCpu = (100 * workerMs) / elapsed;
    const etcdCpu = (100 * etcdMs) / elapsed;
    const succeeded = [...follow.results.values()].filter((r) => r.status === 'succeeded').length;
    const doubleClaims = [...follow.claims.values()].filter((n) => n > 1).length;
    const problems = [
      follow.results.size !== COUNT && `${follow.results.size} of ${COUNT} results`,
      succeeded !== COUNT && `${succeeded} succeeded`,
      follow.resultPuts() !== COUNT && `${follow.resultPuts()} result writes`,
      doubleClaims !== 0 && `${doubleClaims} commands claimed twice`,
    ].filter(Boolean);
    if (problems.length) throw new Error(`${group}: ${problems.join(', ')}`);
    // Txn per command: the raw protocol needs 2 (claim, finish); the SDK 1 when a finish carries the next claim.
    // Anything above that is a claim that lost a race (or a finish or claim sent on its own).
    return {
      rate: COUNT / seconds,
      seconds,
      txn,
      rpcs,
      workerCpu,
      etcdCpu,
      workerMsPerCommand: workerMs / COUNT,
      etcdMsPerCommand: etcdMs / COUNT,
    };
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await follow?.close();
  }
}

/**
 * Where the sampled CPU of every profile under `dir` went: by area, by SDK file, and the top functions.
 * @param {string} dir
 */
function summarizeProfiles(dir) {
  /** @type {Map<string, number>} */
  const areas = new Map();
  /** @type {Map<string, number>} */
  const functions = new Map();
  let busy = 0;
  const files = fs.existsSync(dir)
    ? fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.cpuprofile'))
    : [];
  for (const file of files) {
    const profile = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    /** @type {Map<number, { callFrame: { functionName: string, url: string, lineNumber: number } }>} */
    const nodes = new Map(profile.nodes.map((/** @type {any} */ n) => [n.id, n]));
    profile.samples.forEach((/** @type {number} */ id, /** @type {number} */ i) => {
      const frame = nodes.get(id)?.callFrame;
      if (!frame || frame.functionName === '(idle)') return;
      const ms = (profile.timeDeltas[i] ?? 0) / 1000;
      busy += ms;
      const url = frame.url;
      const area = frame.functionName.startsWith('(')
        ? frame.functionName
        : url.includes('/lib/sdk/')
          ? `SDK ${url.slice(url.indexOf('/lib/sdk/') + 9)}`
          : url.includes('node_modules/zod')
            ? 'zod'
            : /@grpc|etcd3|protobuf/.test(url)
              ? 'etcd client (grpc-js, etcd3)'
              : url.includes('tsx') || url.includes('esbuild')
                ? 'tsx loader'
                : 'node core and other';
      areas.set(area, (areas.get(area) ?? 0) + ms);
      const where = url ? ` ${url.replace(/^.*\/(node_modules|lib)\//, '$1/')}:${frame.lineNumber + 1}` : '';
      const name = `${frame.functionName || '(anonymous)'}${where}`;
      functions.set(name, (functions.get(name) ?? 0) + ms);
    });
  }
  const pct = (/** @type {number} */ ms) => `${((100 * ms) / busy).toFixed(1).padStart(5)}%`;
  return [
    `${files.length} profiles, ${Math.round(busy)} ms busy in total; by area:`,
    ...[...areas.entries()].sort((a, b) => b[1] - a[1]).map(([n, ms]) => `  ${pct(ms)}  ${n}`),
    '  top functions by self time:',
    ...[...functions.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15)
      .map(([n, ms]) => `  ${pct(ms)}  ${Math.round(ms)} ms  ${n}`),
  ];
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dispatch-measure-'));
const etcd = await startEtcd({
  dir: path.join(tmp, 'etcd'),
  extraArgs: [
    '--quota-backend-bytes=8589934592',
    '--auto-compaction-retention=0',
    '--snapshot-count=1000000',
  ],
});
const client = connect(etcd.endpoints);
const etcdPids = () => etcd.members.map((m) => m.pid()).filter((p) => p !== undefined);
/** @type {Array<{ name: string, sdk: string | undefined }>} */
const variants = [];
if (args.before)
  variants.push({ name: `before (${args.before})`, sdk: checkoutSdk(args.before, path.join(tmp, 'before')) });
variants.push({ name: 'after (work tree)', sdk: undefined });
/** @type {Array<Record<string, unknown>>} */
const rows = [];
try {
  await waitUntilServing(client);
  const leases = [];
  for (let i = 0; i < WORKERS; i++)
    leases.push(String((await client.leaseClient.leaseGrant({ TTL: 600, ID: 0 })).ID));
  say(
    `etcd pid ${etcdPids().join(',')}, ${COUNT} commands, ${WORKERS} workers × ${CONCURRENCY}, load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  for (let round = 1; round <= ROUNDS; round++) {
    const stamp = `${Date.now().toString(36)}-${round}`;
    const raw = await measureRaw(client, etcd.endpoints, etcdPids, leases, `raw-${stamp}`);
    say(
      `round ${round} raw: ${Math.round(raw.rate)}/s (${raw.seconds.toFixed(2)} s, Txn ${raw.txn.toFixed(2)}/cmd, CPU per command: client ${raw.clientMsPerCommand.toFixed(2)} ms, etcd ${raw.etcdMsPerCommand.toFixed(2)} ms)`,
    );
    rows.push({ round, variant: 'raw', ...raw });
    const order = round % 2 === 1 ? variants : [...variants].reverse();
    for (const variant of order) {
      const profileDir = args.profile
        ? path.join(tmp, `profile-${variant.sdk ? 'before' : 'after'}-${round}`)
        : null;
      const group = `${variant.sdk ? 'before' : 'after'}-${stamp}`;
      const m = await measureSdk(client, etcd.endpoints, etcdPids, group, variant.sdk, profileDir);
      say(
        `round ${round} ${variant.name}: ${Math.round(m.rate)}/s = ${(m.rate / raw.rate).toFixed(2)}× raw (${m.seconds.toFixed(2)} s, Txn ${m.txn.toFixed(2)}/cmd, CPU per command: workers ${m.workerMsPerCommand.toFixed(2)} ms, etcd ${m.etcdMsPerCommand.toFixed(2)} ms; workers ${Math.round(m.workerCpu)}% of a core; etcd calls per command: ${m.rpcs})`,
      );
      rows.push({ round, variant: variant.name, ...m, share: m.rate / raw.rate });
      if (profileDir) for (const line of summarizeProfiles(profileDir)) say(`  ${line}`);
    }
  }
} finally {
  client.close();
  await etcd.stop();
  fs.writeFileSync(path.join(tmp, 'results.json'), JSON.stringify(rows, null, 2));
  if (args.keep) say(`kept ${tmp}`);
  else fs.rmSync(tmp, { recursive: true, force: true });
}
