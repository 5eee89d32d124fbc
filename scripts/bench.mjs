// `npm run bench`: starts its own etcd and production console, runs each scenario against the console and
// against a same-run baseline that talks to etcd directly, and writes bench/results/latest.{json,md}.
//   --quick          small sizes, well under 2 minutes; exits non-zero only when a scenario breaks
//   --only a,b       run only these scenarios (sse, keyspace, api, registry, dispatch, ui)
//   --profile        run the console with --cpu-prof and print its hottest functions per scenario
//   --keep           keep the temp directory (etcd data, console logs, profiles)
//   --no-build       use .next as it is, even when sources are newer (while others edit the tree)
// Targets are reported, never asserted: a missed target does not fail the run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureBuild, ensureChromium, ensureEtcd, ensureNodeModules, say } from './lib/ensure.mjs';

const SCENARIOS = ['sse', 'api', 'registry', 'dispatch', 'keyspace', 'ui'];
/** Sockets the SSE scenario needs in one process: 5,000 clients plus etcd, console and slack. */
const WANTED_FILES = 12_000;

/** @param {string[]} argv */
function parseArgs(argv) {
  const options = {
    quick: false,
    profile: false,
    keep: false,
    build: true,
    only: /** @type {string[]} */ ([]),
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = /** @type {string} */ (argv[i]);
    if (arg === '--quick') options.quick = true;
    else if (arg === '--profile') options.profile = true;
    else if (arg === '--keep') options.keep = true;
    else if (arg === '--no-build') options.build = false;
    else if (arg === '--only') options.only.push(...String(argv[++i] ?? '').split(','));
    else if (arg.startsWith('--only=')) options.only.push(...arg.slice(7).split(','));
    else throw new Error(`unknown argument ${arg} (try --quick, --only sse, --profile, --keep)`);
  }
  options.only = options.only.filter(Boolean);
  for (const name of options.only) {
    if (!SCENARIOS.includes(name))
      throw new Error(`unknown scenario ${name}; one of ${SCENARIOS.join(', ')}`);
  }
  return options;
}

/**
 * Node cannot raise its own open-file limit: when the soft limit is low and the hard one allows more, run
 * again under a shell that raised it.
 */
function ensureFileLimit() {
  if (process.env.BENCH_ULIMIT_DONE) return;
  const read = (/** @type {string} */ flag) =>
    spawnSync('sh', ['-c', `ulimit ${flag}`], { encoding: 'utf8' }).stdout.trim();
  const soft = read('-Sn');
  const hard = read('-Hn');
  const softN = soft === 'unlimited' ? Number.POSITIVE_INFINITY : Number(soft);
  if (softN >= WANTED_FILES) return;
  const hardN = hard === 'unlimited' ? Number.POSITIVE_INFINITY : Number(hard);
  const target = Math.min(hardN, 65_536);
  if (target <= softN) {
    say(`open-file limit is ${soft} (hard ${hard}): the 5,000-client SSE step may fail to connect`);
    return;
  }
  const argv = [process.argv[1], ...process.argv.slice(2)].map(
    (a) => `'${String(a).replace(/'/g, "'\\''")}'`,
  );
  const r = spawnSync('sh', ['-c', `ulimit -n ${target} && exec '${process.execPath}' ${argv.join(' ')}`], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_ULIMIT_DONE: '1' },
  });
  process.exit(r.status ?? 1);
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  ensureFileLimit();
  ensureNodeModules();
  process.env.ETCD_BIN = ensureEtcd();
  const selected = options.only.length > 0 ? options.only : SCENARIOS;
  if (selected.includes('ui') || selected.includes('registry')) process.env.CHROMIUM_PATH = ensureChromium();
  if (options.build) ensureBuild();
  // Imported after the install: they need node_modules.
  const { runBench } = await import('./bench/run.mjs');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'etcd-console-bench-'));
  let failed = 0;
  let ok = 0;
  try {
    const outcome = await runBench({ ...options, scenarios: selected, tmp });
    ok = outcome.ok;
    failed = outcome.failed;
  } finally {
    if (options.keep) say(`kept ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
  process.stdout.write(`bench${options.quick ? ' quick' : ''}: ${ok} scenarios ok, ${failed} failed\n`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((error) => {
  process.stderr.write(
    `[etcd-console] bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.stdout.write('bench: 0 scenarios ok, 1 failed\n');
  process.exit(1);
});
