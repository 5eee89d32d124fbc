// An e2e worker process of the `push` group: `node --import tsx e2e/support/push-worker.ts`, set up by env.
// Its `push` handler takes payload.steps × payload.stepMs, reports progress each step, and logs what it sees
// (run, aborted with the reason) as one JSON line per event on stdout.
import { CommandAbortError, startWorker } from '@etcd-console/sdk/worker';
import { log, pause } from '../../test/fixtures/worker-process';

const env = process.env;

const worker = await startWorker({
  group: env.WORKER_GROUP ?? 'push',
  id: env.WORKER_ID,
  concurrency: 2,
  ttlSeconds: Number(env.WORKER_TTL ?? 3),
  version: 'e2e',
  progressIntervalMs: 100,
  handlers: {
    push: async (payload, ctx) => {
      const input = (payload ?? {}) as { steps?: number; stepMs?: number };
      const steps = Math.max(1, Number(input.steps ?? 5));
      const stepMs = Math.max(10, Number(input.stepMs ?? 500));
      log({ event: 'run', commandId: ctx.commandId, attempt: ctx.attempt });
      const onAbort = () => {
        const reason = ctx.signal.reason;
        log({
          event: 'aborted',
          commandId: ctx.commandId,
          reason: reason instanceof CommandAbortError ? reason.reason : String(reason),
        });
      };
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      try {
        for (let i = 0; i < steps; i++) {
          ctx.progress((100 * i) / steps, `step ${i + 1} of ${steps}`);
          await pause(stepMs, ctx.signal);
        }
      } finally {
        ctx.signal.removeEventListener('abort', onAbort);
      }
      ctx.progress(100, 'done');
      return { steps, by: ctx.workerId };
    },
  },
  onEvent: (event) => {
    if (event.type === 'error') log({ event: 'error', where: event.where, message: String(event.error) });
    else log({ ...event, event: event.type });
  },
});

log({ event: 'ready', lease: worker.leaseId() });

const stop = () => {
  worker
    .close({ graceMs: 1000 })
    .then(() => process.exit(0))
    .catch(() => process.exit(1));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
