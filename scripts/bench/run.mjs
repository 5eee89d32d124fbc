// Runs the selected scenarios against one etcd started for the run, then writes the results.
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../lib/ensure.mjs';
import { startEtcd } from '../lib/etcd-server.mjs';
import { snapshotBuild } from './lib/console.mjs';
import { createContext } from './lib/context.mjs';
import { connect, waitUntilServing } from './lib/etcd.mjs';
import { summarizeProfiles } from './lib/profile.mjs';
import { writeResults } from './lib/report.mjs';

/** @type {Record<string, { title: string, load: () => Promise<{ run: (ctx: import('./lib/context.mjs').BenchContext) => Promise<void> }> }>} */
const MODULES = {
  sse: { title: 'SSE fan-out', load: () => import('./sse.mjs') },
  api: { title: 'API overhead', load: () => import('./api.mjs') },
  registry: { title: 'Registry', load: () => import('./registry.mjs') },
  dispatch: { title: 'Dispatch', load: () => import('./dispatch.mjs') },
  keyspace: { title: 'Large keyspace', load: () => import('./keyspace.mjs') },
  ui: { title: 'UI', load: () => import('./ui.mjs') },
};

/**
 * @param {{ quick: boolean, profile: boolean, scenarios: string[], tmp: string }} options
 * @returns {Promise<{ ok: number, failed: number }>}
 */
export async function runBench(options) {
  const started = Date.now();
  // One etcd for the run: no auto-compaction, room for a million keys and their history.
  const etcd = await startEtcd({
    dir: path.join(options.tmp, 'etcd'),
    extraArgs: [
      '--quota-backend-bytes=8589934592',
      '--auto-compaction-retention=0',
      '--snapshot-count=1000000',
    ],
  });
  const client = connect(etcd.endpoints);
  const appDir = await snapshotBuild(options.tmp);
  /** @type {import('./lib/report.mjs').Row[]} */
  const rows = [];
  /** @type {Record<string, { ok: boolean, seconds: number, error?: string, checks: string[], details: Record<string, unknown> }>} */
  const scenarios = {};
  /** @type {Record<string, string[]>} */
  const profiles = {};
  try {
    await waitUntilServing(client);
    for (const name of options.scenarios) {
      const spec = /** @type {(typeof MODULES)[string]} */ (MODULES[name]);
      const t0 = Date.now();
      /** @type {string[]} */
      const checks = [];
      const { ctx, cleanup } = createContext({
        quick: options.quick,
        endpoints: etcd.endpoints,
        etcdPids: () => etcd.members.map((m) => m.pid()).filter((p) => p !== undefined),
        client,
        tmp: options.tmp,
        appDir,
        profile: options.profile,
        scenario: name,
        title: spec.title,
        rows,
        checks,
      });
      ctx.say(`start (${options.quick ? 'quick' : 'full'})`);
      try {
        const mod = await spec.load();
        await mod.run(ctx);
        scenarios[name] = { ok: true, seconds: (Date.now() - t0) / 1000, checks, details: ctx.details };
        ctx.say(`ok in ${((Date.now() - t0) / 1000).toFixed(1)} s (${checks.length} checks)`);
      } catch (error) {
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        scenarios[name] = {
          ok: false,
          seconds: (Date.now() - t0) / 1000,
          error: message,
          checks,
          details: ctx.details,
        };
        ctx.say(`FAILED: ${message}`);
      } finally {
        await cleanup();
      }
      if (options.profile) {
        const lines = summarizeProfiles(path.join(options.tmp, `profile-${name}`));
        for (const line of lines) ctx.say(line);
        profiles[name] = lines;
      }
      for (const row of rows.filter((r) => r.scenario === spec.title)) {
        const ratio = row.ratio === null ? '' : ` = ${row.ratio}× baseline`;
        const met = row.met === null ? '' : row.met ? ' [target met]' : ' [target missed]';
        ctx.say(`${row.measured}: ${row.figure} ${row.unit}${ratio}${met}`);
      }
    }
  } finally {
    client.close();
    await etcd.destroy();
  }

  const wallSeconds = Math.round((Date.now() - started) / 100) / 10;
  const full = !options.quick && options.scenarios.length === Object.keys(MODULES).length;
  const result = {
    mode: options.quick ? 'quick' : 'full',
    startedAt: new Date(started).toISOString(),
    wallSeconds,
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model ?? '',
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      loadAverage: os.loadavg(),
    },
    versions: { node: process.version, etcd: etcdVersion() },
    scenarios,
    rows,
    ...(options.profile ? { profiles } : {}),
  };
  const dir = path.join(projectRoot, 'bench', 'results');
  // Only a full run of every scenario replaces the committed results; others go to ignored .tmp files.
  const base = full ? 'latest' : options.quick ? 'quick' : 'partial';
  const header = [
    `# Benchmark results (${result.mode}${full ? '' : `: ${options.scenarios.join(', ')}`})`,
    '',
    `${result.startedAt} · wall time ${wallSeconds} s · ${result.machine.cpus} cores (${result.machine.model}), ${result.machine.memoryGb} GB · node ${process.version} · etcd ${result.versions.etcd} · load average at the end ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
    '',
    `Reproduce: \`npm run bench${options.profile ? ' -- --profile' : ''}\` (this run${options.profile ? ', with the console sampled every 10 ms for the profiles below the table' : ''}); one scenario: \`npm run bench -- --only sse\`; small sizes: \`--quick\`. See bench/README.md for what each row measures.`,
  ].join('\n');
  const failures = Object.entries(scenarios)
    .filter(([, s]) => !s.ok)
    .map(([n, s]) => `- **${n} failed**: ${(s.error ?? '').split('\n')[0]}`);
  const footer = [
    ...(failures.length ? ['', '## Scenarios that broke', '', ...failures] : []),
    ...Object.entries(profiles).flatMap(([n, lines]) =>
      lines.length
        ? [
            '',
            `## CPU profile: ${n} (the console${n === 'dispatch' ? '; and worker w1' : ''})`,
            '',
            '```',
            ...lines,
            '```',
          ]
        : [],
    ),
  ].join('\n');
  const written = writeResults(dir, base, result, header, !full, footer);
  process.stdout.write(
    `[bench] results: ${path.relative(projectRoot, written.json)}, ${path.relative(projectRoot, written.md)} (wall ${wallSeconds} s)\n`,
  );
  const ok = Object.values(scenarios).filter((s) => s.ok).length;
  return { ok, failed: options.scenarios.length - ok };
}

function etcdVersion() {
  try {
    const out = execFileSync(process.env.ETCD_BIN || 'etcd', ['--version'], { encoding: 'utf8' });
    return /etcd Version: (\S+)/.exec(out)?.[1] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
