// The production console (`server.mjs`) as a child process, for cases where the HTTP layer matters. It needs a
// build: one is made only when .next holds none (a fresh clone); an existing build is used as it is.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startConsole } from '@/scripts/lib/console-server.mjs';
import { freePort } from '@/scripts/lib/free-port.mjs';

const root = path.resolve(import.meta.dirname, '../../..');

export function ensureConsoleBuild(): void {
  if (fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) return;
  process.stdout.write('[faults] no production build in .next: running next build once…\n');
  const result = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    },
  );
  if (result.status !== 0) throw new Error('next build failed');
}

export type ConsoleProcess = {
  url: string;
  port: number;
  pid: () => number | undefined;
  /** SIGTERM, then wait for the exit. */
  stop: () => Promise<void>;
  /** SIGKILL: a crash. */
  kill: () => Promise<void>;
  /** Starts it again on the same port, with the same environment. */
  start: () => Promise<void>;
};

export async function startConsoleProcess(env: Record<string, string>): Promise<ConsoleProcess> {
  ensureConsoleBuild();
  const port = await freePort();
  const fullEnv = { LOG_LEVEL: 'warn', ...env };
  let server = await startConsole({ port, env: fullEnv, stdio: 'ignore' });
  const handle: ConsoleProcess = {
    url: server.url,
    port,
    pid: () => server.pid,
    stop: () => server.stop(),
    kill: async () => {
      const child = server.child;
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
    start: async () => {
      server = await startConsole({ port, env: fullEnv, stdio: 'ignore' });
    },
  };
  return handle;
}
