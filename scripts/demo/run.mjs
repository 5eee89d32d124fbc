// The living demo: seeded config plus the demo services, workers and subscribers as real child processes.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { say } from '../lib/ensure.mjs';
import { seedDemoConfig } from './seed.mjs';

// foreign.mjs: services registered as other frameworks do, and `etcdctl elect` candidates.
const demoRunners = ['services.mjs', 'workers.mjs', 'subscribers.mjs', 'foreign.mjs'];

/** @param {string[]} endpoints @param {string} prefix */
export async function startDemo(endpoints, prefix) {
  const written = await seedDemoConfig(endpoints, prefix);
  say(
    written > 0
      ? `demo: wrote ${written} config keys under /config/demo/`
      : 'demo: config keys already present, left as they are',
  );
  /** @type {import('node:child_process').ChildProcess[]} */
  const children = [];
  const logDir = path.join(import.meta.dirname, '..', '..', '.data');
  fs.mkdirSync(logDir, { recursive: true });
  for (const runner of demoRunners) {
    const file = path.join(import.meta.dirname, runner);
    if (!fs.existsSync(file)) continue;
    const name = runner.replace('.mjs', '');
    // The subscribers say what they applied, which is the point of watching them; the rest go to a log file.
    const log = name === 'subscribers' ? 'inherit' : fs.openSync(path.join(logDir, `demo-${name}.log`), 'a');
    const child = spawn(process.execPath, ['--import', 'tsx', file], {
      env: { ...process.env, ETCD_ENDPOINTS: endpoints.join(','), ETCD_PREFIX: prefix },
      stdio: ['ignore', log, log === 'inherit' ? 'inherit' : log],
    });
    if (typeof log === 'number') fs.closeSync(log);
    children.push(child);
    say(
      `demo: started ${name} (pid ${child.pid})${typeof log === 'number' ? `, log in .data/demo-${name}.log` : ''}`,
    );
  }
  return {
    stop: async () => {
      await Promise.all(
        children.map(
          (child) =>
            new Promise((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve(undefined);
              child.once('exit', resolve);
              child.kill('SIGTERM');
              setTimeout(() => child.kill('SIGKILL'), 5000).unref();
            }),
        ),
      );
    },
  };
}
