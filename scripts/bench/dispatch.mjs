// Dispatch: commands claimed and completed per second by 10 worker processes (lib/sdk/worker), against the raw etcd
// transactions of the same protocol (docs/keyspace.md: claim txn, finish txn) at the same parallelism.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { projectRoot } from '../lib/ensure.mjs';
import { rpcCounts, rpcsPer } from './lib/etcd.mjs';
import { json } from './lib/http.mjs';
import { cpuMs } from './lib/proc.mjs';
import { round } from './lib/stats.mjs';

export const WORKERS = 10;
export const CONCURRENCY = 2;

/** Time-ordered unique ids, as lib/sdk/worker/names.ts makes them. */
function newId() {
  const time = Date.now().toString(36).padStart(9, '0');
  const random = BigInt(`0x${randomBytes(8).toString('hex')}`)
    .toString(36)
    .padStart(13, '0')
    .slice(-10);
  return `${time}-${random}`;
}

/**
 * Writes `count` mode-"any" commands of type noop: spec and index per command, 50 commands per transaction.
 * @param {import('etcd3').Etcd3} client
 * @param {string} group
 * @param {number} count
 */
export async function writeCommands(client, group, count) {
  /** @type {string[]} */
  const ids = [];
  for (let i = 0; i < count; i++) ids.push(newId());
  const createdAt = new Date().toISOString();
  for (let from = 0; from < count; from += 50) {
    const batch = ids.slice(from, from + 50);
    await client.kv.txn({
      compare: batch.map((id) => ({
        key: Buffer.from(`/commands/_index/${id}`),
        target: 'Create',
        result: 'Equal',
        create_revision: '0',
      })),
      success: batch.flatMap((id) => [
        {
          request_put: {
            key: Buffer.from(`/commands/${group}/${id}/spec`),
            value: Buffer.from(
              JSON.stringify({
                id,
                group,
                type: 'noop',
                payload: null,
                mode: 'any',
                workerId: null,
                targets: [],
                creator: 'bench',
                createdAt,
                deadline: null,
                retryOf: null,
              }),
            ),
          },
        },
        {
          request_put: {
            key: Buffer.from(`/commands/_index/${id}`),
            value: Buffer.from(JSON.stringify({ group })),
          },
        },
      ]),
      failure: [],
    });
  }
  return ids;
}

/**
 * @param {string[]} endpoints
 * @param {string} group
 * @param {number} index
 * @param {string | null} profileDir with --profile, the first worker samples its CPU into this directory
 * @param {{ sdk?: string, profileAll?: boolean, concurrency?: number }} [options] `sdk`: another copy of the worker
 *   SDK's index.ts to run (scripts/bench/dispatch-measure.mjs's "before"); `profileAll`: every worker samples, each
 *   into its own subdirectory w<N>
 */
export function spawnWorker(endpoints, group, index, profileDir, options = {}) {
  const profiling = profileDir !== null && (options.profileAll === true || index === 0);
  const ownDir = profileDir && options.profileAll ? path.join(profileDir, `w${index + 1}`) : profileDir;
  if (profiling && ownDir) fs.mkdirSync(ownDir, { recursive: true });
  const preload = profiling
    ? ['--require', path.join(import.meta.dirname, 'lib', 'cpu-profile-preload.cjs')]
    : [];
  const child = spawn(
    process.execPath,
    [...preload, '--import', 'tsx', path.join(import.meta.dirname, 'dispatch-worker.ts')],
    {
      cwd: projectRoot,
      env: {
        ...process.env,
        ETCD_ENDPOINTS: endpoints.join(','),
        ETCD_PREFIX: '',
        WORKER_GROUP: group,
        WORKER_ID: `w${index + 1}`,
        WORKER_CONCURRENCY: String(options.concurrency ?? CONCURRENCY),
        ...(options.sdk ? { WORKER_SDK: options.sdk } : {}),
        ...(profiling && ownDir ? { BENCH_CPU_PROFILE_DIR: ownDir, BENCH_CPU_PROFILE_START: 'signal' } : {}),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const ready = new Promise((resolve, reject) => {
    readline
      .createInterface({ input: /** @type {import('node:stream').Readable} */ (child.stdout) })
      .on('line', (line) => {
        if (line === 'ready') resolve(undefined);
      });
    void exited.then(() => reject(new Error(`worker w${index + 1} exited before it was ready`)));
  });
  ready.catch(() => {});
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    if (profiling && ownDir) {
      const count = () => fs.readdirSync(ownDir).filter((f) => f.endsWith('.cpuprofile')).length;
      const before = count();
      child.kill('SIGUSR2');
      const deadline = Date.now() + 10_000;
      while (count() <= before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
    await exited;
    clearTimeout(timer);
  };
  /** With --profile: start sampling now that start-up is over. */
  const startProfile = () => {
    if (profiling) child.kill('SIGUSR2');
  };
  return { ready, stop, startProfile, pid: child.pid };
}

/**
 * Follows a group's commands in etcd: when each result lands, and how many claims each command got.
 * @param {import('etcd3').Etcd3} client
 * @param {string} group
 */
export async function followResults(client, group) {
  /** @type {Map<string, { at: number, status: string }>} */
  const results = new Map();
  /** @type {Map<string, number>} */
  const claims = new Map();
  let resultPuts = 0;
  let events = 0;
  const watcher = await client.watch().prefix(`/commands/${group}/`).create();
  /** @type {(() => void) | null} */
  let wake = null;
  watcher.on('data', (res) => {
    const at = performance.now();
    events += res.events.length;
    for (const e of res.events) {
      if (e.type !== 'Put') continue;
      const parts = e.kv.key.toString('utf8').split('/');
      const id = /** @type {string} */ (parts[3]);
      const tail = parts.slice(4).join('/');
      if (tail === 'runs/_any/result') {
        resultPuts += 1;
        results.set(id, { at, status: JSON.parse(e.kv.value.toString('utf8')).status });
      } else if (tail.startsWith('history/_any/') && tail.endsWith('/claimed')) {
        claims.set(id, (claims.get(id) ?? 0) + 1);
      }
    }
    wake?.();
  });
  return {
    results,
    claims,
    resultPuts: () => resultPuts,
    events: () => events,
    /** @param {number} count @param {number} timeoutMs */
    waitFor: async (count, timeoutMs) => {
      const deadline = Date.now() + timeoutMs;
      while (results.size < count && Date.now() < deadline) {
        await new Promise((r) => {
          wake = () => r(undefined);
          setTimeout(r, 500);
        });
      }
    },
    close: () => watcher.cancel(),
  };
}

/**
 * The protocol's transactions straight on etcd: claim (five compares, claim on a lease, history entry), then
 * finish (compare the claim's mod_revision, put the result, delete claim and progress).
 * @param {import('etcd3').Etcd3} client
 * @param {string} group
 * @param {string[]} ids
 * @param {string[]} leases one per simulated worker
 * @param {number} [inFlight] loops running one command after another
 */
export async function rawProtocol(client, group, ids, leases, inFlight = WORKERS * CONCURRENCY) {
  let next = 0;
  const loop = async (/** @type {number} */ w) => {
    const workerId = `raw${w}`;
    const lease = /** @type {string} */ (leases[w % leases.length]);
    while (next < ids.length) {
      const id = /** @type {string} */ (ids[next++]);
      const dir = `/commands/${group}/${id}/`;
      const k = (/** @type {string} */ rest) => Buffer.from(dir + rest);
      const now = new Date().toISOString();
      const claim = await client.kv.txn({
        compare: [
          { key: k('runs/_any/claim'), target: 'Create', result: 'Equal', create_revision: '0' },
          { key: k('runs/_any/result'), target: 'Create', result: 'Equal', create_revision: '0' },
          { key: k('cancel'), target: 'Create', result: 'Equal', create_revision: '0' },
          { key: k('spec'), target: 'Create', result: 'Greater', create_revision: '0' },
          { key: k('history/_any/000001/claimed'), target: 'Create', result: 'Equal', create_revision: '0' },
        ],
        success: [
          {
            request_put: {
              key: k('runs/_any/claim'),
              value: Buffer.from(JSON.stringify({ workerId, attempt: 1, claimedAt: now })),
              lease,
            },
          },
          {
            request_put: {
              key: k('history/_any/000001/claimed'),
              value: Buffer.from(JSON.stringify({ workerId, at: now })),
            },
          },
        ],
        failure: [],
      });
      if (!claim.succeeded) throw new Error(`raw claim of ${id} failed`);
      const result = {
        workerId,
        attempt: 1,
        status: 'succeeded',
        result: null,
        error: null,
        startedAt: now,
        finishedAt: new Date().toISOString(),
        percent: 100,
        message: '',
      };
      const finish = await client.kv.txn({
        compare: [
          { key: k('runs/_any/claim'), target: 'Mod', result: 'Equal', mod_revision: claim.header.revision },
        ],
        success: [
          { request_put: { key: k('runs/_any/result'), value: Buffer.from(JSON.stringify(result)) } },
          { request_delete_range: { key: k('runs/_any/claim') } },
          { request_delete_range: { key: k('runs/_any/progress') } },
        ],
        failure: [],
      });
      if (!finish.succeeded) throw new Error(`raw finish of ${id} failed`);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, (_, i) => loop(i)));
}

/** @param {import('./lib/context.mjs').BenchContext} ctx */
export async function run(ctx) {
  const count = ctx.quick ? 200 : 2000;
  const client = ctx.client;
  const stamp = Date.now().toString(36);

  // Baseline: write the commands and run the raw transactions, WORKERS × CONCURRENCY in flight.
  const rawGroup = `raw-${stamp}`;
  const leases = [];
  for (let i = 0; i < WORKERS; i++)
    leases.push(String((await client.leaseClient.leaseGrant({ TTL: 600, ID: 0 })).ID));
  const rawFollow = await followResults(client, rawGroup);
  const r0 = performance.now();
  const rawEtcd0 = ctx.etcdPids().reduce((n, p) => n + cpuMs(p), 0);
  const rawCpu0 = process.cpuUsage();
  const rawRpc0 = await rpcCounts(ctx.endpoints);
  const rawIds = await writeCommands(client, rawGroup, count);
  await rawProtocol(client, rawGroup, rawIds, leases);
  const rawSeconds = (performance.now() - r0) / 1000;
  const rawRpcs = rpcsPer(rawRpc0, await rpcCounts(ctx.endpoints), count);
  const rawEtcdCpuPct =
    (100 * (ctx.etcdPids().reduce((n, p) => n + cpuMs(p), 0) - rawEtcd0)) / (rawSeconds * 1000);
  const rawCpu = process.cpuUsage(rawCpu0);
  const rawClientCpuPct = (rawCpu.user + rawCpu.system) / 10 / (rawSeconds * 1000);
  await rawFollow.waitFor(count, 10_000);
  await rawFollow.close();
  ctx.check(rawFollow.results.size === count, `raw protocol: ${count} results (${rawFollow.results.size})`);
  const rawRate = count / rawSeconds;
  ctx.say(
    `raw etcd transactions: ${count} commands in ${rawSeconds.toFixed(1)} s = ${Math.round(rawRate)}/s`,
  );

  // The SDK: WORKERS worker processes, started and idle before the commands arrive.
  const group = `bench-${stamp}`;
  const w0 = performance.now();
  const profileDir = ctx.profile ? path.join(ctx.tmp, 'profile-dispatch') : null;
  if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
  const workers = Array.from({ length: WORKERS }, (_, i) => spawnWorker(ctx.endpoints, group, i, profileDir));
  let sdkSeconds = Number.NaN;
  /** @type {Awaited<ReturnType<typeof followResults>> | null} */
  let follow = null;
  /** @type {string[]} */
  let ids = [];
  /** @type {import('etcd3').Watcher | null} */
  let registrations = null;
  let registrationWrites = 0;
  let cpu0 = 0;
  let etcd0 = 0;
  let workerCpuPct = Number.NaN;
  let etcdCpuPct = Number.NaN;
  /** @type {Map<string, number>} */
  let rpc0 = new Map();
  let sdkRpcs = '';
  try {
    await Promise.all(workers.map((w) => w.ready));
    ctx.say(`${WORKERS} workers ready in ${((performance.now() - w0) / 1000).toFixed(1)} s`);
    for (const w of workers) w.startProfile();
    follow = await followResults(client, group);
    registrations = await client.watch().prefix(`/workers/${group}/`).create();
    registrations.on('data', (res) => {
      registrationWrites += res.events.length;
    });
    cpu0 = workers.reduce((n, w) => n + cpuMs(/** @type {number} */ (w.pid)), 0);
    etcd0 = ctx.etcdPids().reduce((n, p) => n + cpuMs(p), 0);
    rpc0 = await rpcCounts(ctx.endpoints);
    const t0 = performance.now();
    ids = await writeCommands(client, group, count);
    await follow.waitFor(count, ctx.quick ? 60_000 : 180_000);
    const last = [...follow.results.values()].reduce((m, r) => Math.max(m, r.at), 0);
    sdkSeconds = (last - t0) / 1000;
    sdkRpcs = rpcsPer(rpc0, await rpcCounts(ctx.endpoints), count);
    workerCpuPct =
      (100 * (workers.reduce((n, w) => n + cpuMs(/** @type {number} */ (w.pid)), 0) - cpu0)) /
      (performance.now() - t0);
    etcdCpuPct =
      (100 * (ctx.etcdPids().reduce((n, p) => n + cpuMs(p), 0) - etcd0)) / (performance.now() - t0);
  } finally {
    await registrations?.cancel();
    await Promise.all(workers.map((w) => w.stop()));
    await follow?.close();
  }
  const f = /** @type {Awaited<ReturnType<typeof followResults>>} */ (follow);
  const succeeded = [...f.results.values()].filter((r) => r.status === 'succeeded').length;
  const doubleClaims = [...f.claims.values()].filter((n) => n > 1).length;
  ctx.check(f.results.size === count, `the workers finished all ${count} commands (${f.results.size})`);
  ctx.check(succeeded === count, `every command succeeded (${succeeded}/${count})`);
  ctx.check(
    f.resultPuts() === count,
    `each command got exactly one result (${f.resultPuts()} result writes)`,
  );
  ctx.check(doubleClaims === 0, `no command was claimed twice (${doubleClaims})`);

  // The console reads the same commands back.
  const server = await ctx.startConsole();
  for (const id of [ids[0], ids[Math.floor(count / 2)], ids[count - 1]]) {
    const view = await json(`${server.url}/api/v1/commands/${id}`);
    ctx.check(view.state === 'succeeded', `GET /api/v1/commands/${id} says succeeded (${view.state})`);
  }

  const rate = count / sdkSeconds;
  const share = rate / rawRate;
  const perCommand = round(f.events() / count, 1);
  const rawPerCommand = round(rawFollow.events() / count, 1);
  const measuredCause = `measured: etcd calls per command: SDK ${sdkRpcs}; raw ${rawRpcs}. The SDK run wrote ${perCommand} etcd events per command under /commands/ (raw ${rawPerCommand}) plus ${round(registrationWrites / count, 1)} registration rewrites per command under /workers/; worker processes used ${round(workerCpuPct, 0)}% of a core in total, etcd ${round(etcdCpuPct, 0)}% (raw run: etcd ${round(rawEtcdCpuPct, 0)}%, client ${round(rawClientCpuPct, 0)}%)`;
  ctx.details = {
    count,
    rawSeconds: round(rawSeconds, 2),
    sdkSeconds: round(sdkSeconds, 2),
    workers: WORKERS,
    concurrency: CONCURRENCY,
    measuredCause,
  };
  ctx.addRow({
    measured: `commands claimed and completed per second, ${WORKERS} workers × concurrency ${CONCURRENCY}, ${count.toLocaleString('en-US')} commands`,
    figure: round(rate, 0),
    unit: 'cmd/s',
    baseline: round(rawRate, 0),
    baselineWhat: `raw claim + finish txns, ${WORKERS * CONCURRENCY} in flight`,
    target: '≥ 50% of baseline',
    met: share >= 0.5,
    note:
      share >= 0.5
        ? measuredCause
        : `gap ${round((0.5 - share) * 100, 0)} points below 50%; ${measuredCause}`,
  });
}
