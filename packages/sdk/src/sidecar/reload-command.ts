// The --exec command `config` runs after each applied revision: through /bin/sh, with the revision in its environment.
import { spawn } from 'node:child_process';
import { exitStatus } from './child-program';

/** Runs the command to its end; resolves with null on exit status 0, otherwise with what went wrong. */
export function runReload(command: string, revision: number, outDir: string): Promise<string | null> {
  return new Promise((resolve) => {
    const child = spawn(command, {
      shell: true,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, ETCD_CONSOLE_REVISION: String(revision), ETCD_CONSOLE_CONFIG_DIR: outDir },
    });
    child.once('error', (error) => resolve(`the reload command could not start: ${error.message}`));
    child.once('exit', (code, signal) => {
      const status = exitStatus({ code, signal });
      resolve(status === 0 ? null : `the reload command exited with code ${status}`);
    });
  });
}
