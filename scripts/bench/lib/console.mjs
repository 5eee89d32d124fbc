// The production console for the bench, served from a private copy of the build: others share this work tree and
// may run `next build` at any time, which would swap .next under a running bench.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../lib/ensure.mjs';

/** Waits until .next/BUILD_ID exists and has not changed for 5 s (at most 5 minutes). */
async function buildSettled() {
  const file = path.join(projectRoot, '.next', 'BUILD_ID');
  const deadline = Date.now() + 5 * 60_000;
  let last = '';
  let stableSince = Date.now();
  while (Date.now() < deadline) {
    const now = fs.existsSync(file) ? `${fs.statSync(file).mtimeMs}` : '';
    if (now !== last) {
      last = now;
      stableSince = Date.now();
    } else if (now !== '' && Date.now() - stableSince >= 5000) return now;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('.next/BUILD_ID did not settle within 5 minutes (a build kept running?)');
}

/**
 * Copies the finished build (without its cache) into `tmp`/app, next to links to what `next start` reads.
 * @param {string} tmp
 * @returns {Promise<string>} the directory to serve
 */
export async function snapshotBuild(tmp) {
  const dir = path.join(tmp, 'app');
  for (let attempt = 1; ; attempt++) {
    const before = await buildSettled();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    fs.cpSync(path.join(projectRoot, '.next'), path.join(dir, '.next'), {
      recursive: true,
      verbatimSymlinks: true,
      filter: (src) => !src.startsWith(path.join(projectRoot, '.next', 'cache')),
    });
    const id = path.join(projectRoot, '.next', 'BUILD_ID');
    const after = fs.existsSync(id) ? `${fs.statSync(id).mtimeMs}` : '';
    if (after === before && fs.existsSync(path.join(dir, '.next', 'BUILD_ID'))) break;
    if (attempt >= 5) throw new Error('.next kept changing while the bench copied it');
  }
  for (const entry of ['node_modules', 'package.json', 'next.config.js', 'lib', 'messages']) {
    const target = path.join(projectRoot, entry);
    if (fs.existsSync(target)) fs.symlinkSync(target, path.join(dir, entry));
  }
  return dir;
}

/**
 * `server.mjs --dir <dir>` (the gate in front of Next) as a child process, like scripts/lib/console-server.mjs but for a chosen build directory.
 * @param {{ dir: string, port: number, env: Record<string, string | undefined>, log: string, nodeArgs?: string[] }} options
 */
export async function startConsoleFrom(options) {
  const out = fs.openSync(options.log, 'a');
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      path.join(projectRoot, 'server.mjs'),
      '--dir',
      options.dir,
      '-p',
      String(options.port),
      '-H',
      '127.0.0.1',
    ],
    {
      cwd: options.dir,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...options.env },
      stdio: ['ignore', out, out],
    },
  );
  fs.closeSync(out);
  const url = `http://127.0.0.1:${options.port}`;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      const tail = fs.readFileSync(options.log, 'utf8').slice(-2000);
      throw new Error(`the console exited with code ${child.exitCode} while starting:\n${tail}`);
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('the console did not answer within 60 s');
    }
    try {
      const res = await fetch(`${url}/api/v1/openapi.json`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    child,
    pid: /** @type {number} */ (child.pid),
    /** @param {NodeJS.Signals} [signal] */
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
