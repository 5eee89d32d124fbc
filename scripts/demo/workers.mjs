// Demo workers: a `push` group of three worker processes whose handlers take a while and report progress, plus
// a little traffic (a push command now and then, a nightly-backup work report with sub-tasks).
// Run with `node --import tsx scripts/demo/workers.mjs`; `--worker <id>` is one worker process.
import { spawn } from 'node:child_process';
import { reportTask, sendCommand, startWorker } from '@etcd-console/sdk/worker';

const GROUP = 'push';
const WORKERS = ['push-1', 'push-2', 'push-3'];
// DEMO_COMMAND_EVERY_MS / DEMO_TASK_EVERY_MS: 0 turns that traffic off.
const commandEvery = Number(process.env.DEMO_COMMAND_EVERY_MS ?? 25_000);
const taskEvery = Number(process.env.DEMO_TASK_EVERY_MS ?? 60_000);
const targets = ['web-eu', 'web-us', 'edge-cdn', 'billing', 'search-index'];

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** @param {number} low @param {number} high */
const between = (low, high) => low + Math.floor(Math.random() * (high - low));

/** Sleeps in steps, reporting progress, and stops when the command is cancelled. @param {import('@etcd-console/sdk/worker').CommandContext} ctx @param {number} steps @param {(i: number) => string} say */
async function steps(ctx, steps, say) {
  for (let i = 0; i < steps; i++) {
    ctx.signal.throwIfAborted();
    ctx.progress((100 * i) / steps, say(i));
    await sleep(between(600, 1600));
  }
  ctx.progress(100, 'done');
}

// ---- one worker ---------------------------------------------------------------------------------------------

/** @param {string} id */
async function runWorker(id) {
  const worker = await startWorker({
    group: GROUP,
    id,
    concurrency: 2,
    ttlSeconds: 5,
    version: '1.4.2',
    handlers: {
      /** payload: { target?: string, files?: number } */
      push: async (payload, ctx) => {
        const input = /** @type {{ target?: string, files?: number } | null} */ (payload);
        const files = Math.max(1, Math.min(50, Number(input?.files ?? between(5, 12))));
        const target = String(input?.target ?? 'web-eu');
        await steps(ctx, files, (i) => `uploading file ${i + 1}/${files} to ${target}`);
        if (Math.random() < 0.1) throw new Error(`${target} refused the last file (checksum mismatch)`);
        return { target, files, bytes: files * between(20_000, 900_000) };
      },
      /** mode "all" makes sense here: every worker clears its own cache. */
      'clear-cache': async (_payload, ctx) => {
        await steps(ctx, 3, (i) => ['listing entries', 'evicting', 'compacting'][i] ?? '');
        return { evicted: between(100, 5000) };
      },
    },
  });
  const stop = () => {
    worker
      .close({ graceMs: 3000 }) // npm start allows the demo 5 s to stop
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

// ---- the group, and some traffic ----------------------------------------------------------------------------

/** A nightly-backup report with one sub-task per database. */
async function backupReport() {
  const backup = await reportTask({ name: 'nightly backup' });
  const databases = ['orders', 'users', 'events'];
  for (const [i, name] of databases.entries()) {
    backup.progress((100 * i) / databases.length, `dumping ${name}`);
    const part = await backup.subtask(`dump ${name}`);
    for (let p = 0; p <= 100; p += 25) {
      part.progress(p, `${p}%`);
      await sleep(between(500, 1200));
    }
    await part.done({ database: name, megabytes: between(40, 900) });
  }
  await backup.done({ databases: databases.length });
}

async function supervise() {
  /** @type {Map<string, import('node:child_process').ChildProcess>} */
  const children = new Map();
  let stopping = false;
  /** @param {string} id */
  const launch = (id) => {
    const child = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, '--worker', id], {
      env: process.env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.set(id, child);
    child.once('exit', () => {
      children.delete(id);
      if (!stopping) setTimeout(() => !stopping && launch(id), 3000); // a crashed worker comes back
    });
  };
  WORKERS.forEach(launch);

  /** @type {NodeJS.Timeout[]} */
  const timers = [];
  if (commandEvery > 0) {
    const send = () =>
      sendCommand({
        group: GROUP,
        type: 'push',
        payload: { target: targets[between(0, targets.length)], files: between(4, 10) },
        deadlineSeconds: 120,
        creator: 'demo',
      }).catch(() => {});
    timers.push(setTimeout(send, 3000), setInterval(send, commandEvery));
  }
  if (taskEvery > 0) {
    const report = () => backupReport().catch(() => {});
    timers.push(setTimeout(report, 5000), setInterval(report, taskEvery));
  }

  const stop = async () => {
    if (stopping) return;
    stopping = true;
    for (const timer of timers) clearTimeout(timer);
    await Promise.all(
      [...children.values()].map(
        (child) =>
          new Promise((resolve) => {
            child.once('exit', resolve);
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 8000).unref();
          }),
      ),
    );
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

const at = process.argv.indexOf('--worker');
if (at >= 0) await runWorker(String(process.argv[at + 1]));
else await supervise();
