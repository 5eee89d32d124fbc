// What every scenario gets: sizes for the mode, the shared etcd, a fresh console per scenario, rows and checks.
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '../../lib/free-port.mjs';
import { startConsoleFrom } from './console.mjs';
import { round } from './stats.mjs';

/**
 * @typedef {object} ConsoleHandle
 * @property {string} url
 * @property {number} port
 * @property {() => number} serverPid the process that holds the listening socket (not necessarily the spawned one)
 * @property {number} spawnedPid
 * @property {string} log path of the console's stdout+stderr
 * @property {string | null} profileDir
 * @property {() => Promise<void>} stop
 */

/**
 * @typedef {object} BenchContext
 * @property {boolean} quick
 * @property {string[]} endpoints
 * @property {() => number[]} etcdPids
 * @property {import('etcd3').Etcd3} client
 * @property {string} tmp
 * @property {boolean} profile
 * @property {(env?: Record<string, string>) => Promise<ConsoleHandle>} startConsole
 * @property {(row: Omit<import('./report.mjs').Row, 'scenario' | 'ratio'> & { ratio?: number | null }) => void} addRow
 * @property {(ok: unknown, message: string) => void} check throws (the scenario breaks) when not ok
 * @property {(message: string) => void} say
 * @property {Record<string, unknown>} details free-form measurements kept in latest.json
 */

/**
 * @param {{ quick: boolean, endpoints: string[], etcdPids: () => number[], client: import('etcd3').Etcd3, tmp: string, appDir: string, profile: boolean, scenario: string, title: string, rows: import('./report.mjs').Row[], checks: string[] }} options
 * @returns {{ ctx: BenchContext, cleanup: () => Promise<void> }}
 */
export function createContext(options) {
  /** @type {ConsoleHandle[]} */
  const consoles = [];
  /** @type {BenchContext} */
  const ctx = {
    quick: options.quick,
    endpoints: options.endpoints,
    etcdPids: options.etcdPids,
    client: options.client,
    tmp: options.tmp,
    profile: options.profile,
    details: {},
    say: (message) => process.stdout.write(`[bench ${options.scenario}] ${message}\n`),
    check: (ok, message) => {
      if (!ok) throw new Error(`check failed: ${message}`);
      options.checks.push(message);
    },
    addRow: (row) => {
      const ratio =
        row.ratio !== undefined
          ? row.ratio
          : row.baseline === null || row.baseline === 0
            ? null
            : round(row.figure / row.baseline, 2);
      options.rows.push({ scenario: options.title, ...row, ratio });
    },
    startConsole: async (env = {}) => {
      const port = await freePort();
      const log = path.join(options.tmp, `console-${options.scenario}-${consoles.length + 1}.log`);
      const profileDir = options.profile ? path.join(options.tmp, `profile-${options.scenario}`) : null;
      if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
      const server = await startConsoleFrom({
        dir: options.appDir,
        port,
        log,
        nodeArgs: profileDir ? ['--require', path.join(import.meta.dirname, 'cpu-profile-preload.cjs')] : [],
        env: {
          ETCD_ENDPOINTS: options.endpoints.join(','),
          LOG_LEVEL: 'warn',
          ...(profileDir ? { BENCH_CPU_PROFILE_DIR: profileDir } : {}),
          ...env,
        },
      });
      const { listeningPid } = await import('./proc.mjs');
      /** @type {number | null} */
      let pid = null;
      const handle = {
        url: server.url,
        port,
        spawnedPid: /** @type {number} */ (server.pid),
        serverPid: () => {
          pid ??= listeningPid(/** @type {number} */ (server.pid), port);
          return pid;
        },
        log,
        profileDir,
        stop: async () => {
          // With --profile, ask the preloaded profiler (cpu-profile-preload.cjs) to write its profile first.
          if (profileDir && server.child.exitCode === null) {
            const before = fs.readdirSync(profileDir).length;
            server.child.kill('SIGUSR2');
            const deadline = Date.now() + 20_000;
            while (
              fs.readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile')).length <= before &&
              Date.now() < deadline
            ) {
              await new Promise((r) => setTimeout(r, 200));
            }
          }
          await server.stop();
        },
      };
      consoles.push(handle);
      return handle;
    },
  };
  const cleanup = async () => {
    for (const c of consoles) await c.stop().catch(() => {});
  };
  return { ctx, cleanup };
}
