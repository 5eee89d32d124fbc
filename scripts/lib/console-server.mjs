// Starts the production console (`node server.mjs`: the front door, then Next) as a child process and waits
// until it answers.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from './ensure.mjs';

/**
 * @param {{ port: number, host?: string, env?: Record<string, string | undefined>, stdio?: 'inherit' | 'pipe' | 'ignore' }} options
 */
export async function startConsole(options) {
  const host = options.host ?? '127.0.0.1';
  const child = spawn(
    process.execPath,
    [path.join(projectRoot, 'server.mjs'), '-p', String(options.port), '-H', host],
    {
      cwd: projectRoot,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...options.env },
      stdio: ['ignore', options.stdio ?? 'inherit', options.stdio ?? 'inherit'],
    },
  );
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${options.port}`;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the console exited with code ${child.exitCode} while starting`);
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
    pid: child.pid,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
