// `npm test`: installs what it lacks, then typecheck, lint, unit + integration (real etcd), build, e2e (real Chromium).
// Ends with a summary per step naming each failed test, then one plain line: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  ensureBuild,
  ensureChromium,
  ensureEtcd,
  ensureNodeModules,
  ensurePromtool,
  projectRoot,
  say,
} from './lib/ensure.mjs';

const outDir = path.join(projectRoot, '.test-output');
const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const results = [];

/** @param {string} name @param {string} cmd @param {string[]} args @param {NodeJS.ProcessEnv} [env] */
function run(name, cmd, args, env = {}) {
  say(`── ${name}: ${cmd} ${args.join(' ')}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: projectRoot, stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  say(`── ${name}: exit ${r.status ?? r.signal} in ${seconds} s`);
  return r.status === 0;
}

/** A step that is one check: it passes or fails as a whole. */
function check(name, cmd, args) {
  const ok = run(name, cmd, args);
  results.push({ name, passed: ok ? 1 : 0, failed: ok ? 0 : 1 });
}

/** The first line of a failure message, short enough for the summary. */
function firstLine(message) {
  const line =
    String(message ?? '')
      .replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '')
      .split('\n')
      .find((l) => l.trim()) ?? '';
  return line.trim().slice(0, 300);
}

function vitestCounts(file) {
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  const failures = [];
  for (const f of report.testResults ?? []) {
    const where = path.relative(projectRoot, f.name ?? '');
    for (const a of f.assertionResults ?? [])
      if (a.status === 'failed')
        failures.push(`${where} › ${a.fullName}: ${firstLine(a.failureMessages?.[0])}`);
    if (f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed'))
      failures.push(`${where}: ${firstLine(f.message)}`);
  }
  return { passed: report.numPassedTests ?? 0, failed: report.numFailedTests ?? 0, failures };
}

/** @returns {{ title: string, file: string, error: string, ok: boolean }[]} every test in a Playwright JSON report. */
function playwrightTests(suites, titles = []) {
  const out = [];
  for (const s of suites ?? []) {
    const here = s.title && !s.title.endsWith('.ts') ? [...titles, s.title] : titles;
    for (const spec of s.specs ?? []) {
      for (const t of spec.tests ?? []) {
        const last = t.results?.[t.results.length - 1];
        out.push({
          title: [...here, spec.title].join(' › '),
          file: `${spec.file}:${spec.line}`,
          error: firstLine(last?.error?.message),
          ok: t.status !== 'unexpected',
        });
      }
    }
    out.push(...playwrightTests(s.suites, here));
  }
  return out;
}

function playwrightCounts(file) {
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  const s = report.stats ?? {};
  const failures = playwrightTests(report.suites)
    .filter((t) => !t.ok)
    .map((t) => `${t.file} › ${t.title}: ${t.error}`);
  return { passed: (s.expected ?? 0) + (s.flaky ?? 0), failed: s.unexpected ?? 0, failures };
}

/** A step with many tests: its report's counts are added up; a crash without a report counts as one failure. */
function suite(name, cmd, args, reportFile, count, env) {
  fs.rmSync(reportFile, { force: true });
  const ok = run(name, cmd, args, env);
  let counts = { passed: 0, failed: 0 };
  if (fs.existsSync(reportFile)) counts = count(reportFile);
  if (!ok && counts.failed === 0) counts.failed = 1;
  results.push({ name, ...counts });
}

const wants = (step) => only.length === 0 || only.includes(step);

function main() {
  fs.mkdirSync(outDir, { recursive: true });
  ensureNodeModules();
  ensureEtcd();
  if (wants('e2e')) process.env.CHROMIUM_PATH = ensureChromium();
  // test/unit/prometheus-rules.test.ts runs promtool on the shipped alert rules.
  if (wants('vitest')) process.env.PROMTOOL_PATH = ensurePromtool();
  const bin = (name) => path.join(projectRoot, 'node_modules', '.bin', name);

  if (wants('typecheck')) check('typecheck', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
  if (wants('lint')) check('lint', bin('biome'), ['check', '.']);
  if (wants('vitest')) {
    const report = path.join(outDir, 'vitest.json');
    suite(
      'unit + integration',
      bin('vitest'),
      ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
      report,
      vitestCounts,
    );
  }
  if (wants('faults')) {
    // The fast fault cases (fuzzing every route, compaction during a disconnect); the rest: npm run test:faults.
    const report = path.join(outDir, 'faults.json');
    suite(
      'fault tests (fast subset)',
      bin('vitest'),
      [
        'run',
        '--config',
        'vitest.faults.config.ts',
        '--project',
        'faults-fast',
        '--reporter=default',
        '--reporter=json',
        `--outputFile.json=${report}`,
      ],
      report,
      vitestCounts,
    );
  }
  if (wants('e2e')) {
    let built = true;
    try {
      ensureBuild();
    } catch {
      built = false;
    }
    results.push({ name: 'build', passed: built ? 1 : 0, failed: built ? 0 : 1 });
    if (built)
      suite('e2e', bin('playwright'), ['test'], path.join(outDir, 'playwright.json'), playwrightCounts);
  }

  // The benchmarks at small sizes: a scenario that breaks fails here; missed speed targets are only reported.
  if (wants('bench')) check('bench (quick)', process.execPath, ['scripts/bench.mjs', '--quick']);

  say('── summary');
  for (const r of results) {
    say(`   ${r.name}: ${r.passed} passed, ${r.failed} failed`);
    // Named here too, so the last lines of a long log say what failed.
    for (const f of r.failures ?? []) say(`     ✗ ${f}`);
  }
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  process.exit(failed === 0 ? 0 : 1);
}

main();
