// Starts e2e/support/push-worker.ts child processes and follows their JSON-line logs; stops them by PID.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

export type WorkerLine = { event: string; worker?: string; commandId?: string; reason?: string };

export type PushWorker = {
  id: string;
  child: ChildProcess;
  lines: WorkerLine[];
  ready: Promise<void>;
  stop: () => Promise<void>;
};

const root = path.resolve(import.meta.dirname, '../..');
const program = path.join(import.meta.dirname, 'push-worker.ts');

export function spawnPushWorker(id: string, endpoints: string, group = 'push'): PushWorker {
  const child = spawn(process.execPath, ['--import', 'tsx', program], {
    cwd: root,
    env: { ...process.env, ETCD_ENDPOINTS: endpoints, ETCD_PREFIX: '', WORKER_GROUP: group, WORKER_ID: id },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: WorkerLine[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).on('line', (text) => {
      try {
        const line = JSON.parse(text) as WorkerLine;
        lines.push(line);
        if (line.event === 'ready') resolve();
      } catch {
        // not a log line
      }
    });
    void exited.then(() => reject(new Error(`worker ${id} exited before it was ready`)));
  });
  ready.catch(() => {});
  const stop = async () => {
    const pid = child.pid;
    if (pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    process.kill(pid, 'SIGTERM');
    const timer = setTimeout(() => {
      if (child.exitCode === null && child.signalCode === null) process.kill(pid, 'SIGKILL');
    }, 8000);
    await exited;
    clearTimeout(timer);
  };
  return { id, child, lines, ready, stop };
}
