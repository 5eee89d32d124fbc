// A bench worker process: `node --import tsx scripts/bench/dispatch-worker.ts`, configured by environment variables.
// Its one handler does nothing, so the rate measured is the dispatch protocol's own. Prints "ready" once serving.
// WORKER_SDK runs another copy of the SDK (its index.ts), e.g. an older revision for a before/after measurement.
import { pathToFileURL } from 'node:url';

type Sdk = typeof import('@etcd-console/sdk/worker');

const env = process.env;
const { startWorker }: Sdk = env.WORKER_SDK
  ? await import(pathToFileURL(env.WORKER_SDK).href)
  : await import('@etcd-console/sdk/worker');

const worker = await startWorker({
  group: env.WORKER_GROUP ?? 'bench',
  id: env.WORKER_ID,
  concurrency: Number(env.WORKER_CONCURRENCY ?? 2),
  ttlSeconds: 10,
  version: 'bench',
  handlers: { noop: async () => null },
  onEvent: (event) => {
    if (event.type === 'error')
      process.stderr.write(`worker ${env.WORKER_ID}: ${event.where}: ${String(event.error)}\n`);
  },
});
process.stdout.write('ready\n');

const stop = () => {
  worker
    .close({ graceMs: 2000 })
    .then(() => process.exit(0))
    .catch(() => process.exit(1));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
