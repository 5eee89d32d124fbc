// `worker`: claims the group's commands of the given types and runs a handler program once per command.
import { z } from 'zod';
import { type CommandHandler, startWorker } from '../worker';
import {
  checkFlags,
  connectionFlags,
  connectionFrom,
  decimalNumber,
  nameFlag,
  parseCommandLine,
  requireProgram,
  wholeNumber,
} from './arguments';
import { runHandler } from './handler-process';
import { describeError, log } from './log';
import { untilStopSignal } from './stop-signal';

const flags = {
  ...connectionFlags,
  group: { type: 'string' },
  type: { type: 'string', multiple: true },
  id: { type: 'string' },
  concurrency: { type: 'string' },
  ttl: { type: 'string' },
  version: { type: 'string' },
  'kill-after': { type: 'string' },
  grace: { type: 'string' },
} as const;

const schema = z.object({
  group: nameFlag,
  type: z.array(nameFlag).min(1, 'give at least one --type'),
  id: nameFlag.optional(),
  concurrency: wholeNumber(1, 1000).default(1),
  ttl: wholeNumber(2, 3600).default(5),
  version: z.string().max(256).optional(),
  /** Seconds between SIGTERM and SIGKILL when a command is cancelled. */
  'kill-after': decimalNumber(0, 3600).default(10),
  /** Seconds running commands get to finish when the sidecar is told to stop. */
  grace: decimalNumber(0, 86_400).default(30),
});

export async function runWorkerCommand(argv: string[]): Promise<number> {
  const { values, program } = parseCommandLine('worker', argv, flags);
  const opts = checkFlags('worker', schema, values);
  const handlerProgram = requireProgram('worker', program, 'handler');

  const handler: CommandHandler = (payload, ctx) =>
    runHandler(
      {
        program: handlerProgram,
        killGraceMs: opts['kill-after'] * 1000,
        logLine: (line) => process.stdout.write(`[${ctx.commandId}] ${line}\n`),
      },
      payload,
      ctx,
    );
  const worker = await startWorker({
    ...connectionFrom(values),
    group: opts.group,
    ...(opts.id ? { id: opts.id } : {}),
    handlers: Object.fromEntries(opts.type.map((type) => [type, handler])),
    concurrency: opts.concurrency,
    ttlSeconds: opts.ttl,
    ...(opts.version ? { version: opts.version } : {}),
    onEvent: (event) => {
      if (event.type === 'claimed') log('worker', `running ${event.commandType} ${event.commandId}`);
      if (event.type === 'finished') log('worker', `${event.commandId}: ${event.outcome}`);
      if (event.type === 'lease-lost') log('worker', 'lease lost; claims may move to other workers');
      if (event.type === 'error') log('worker', `${event.where}: ${describeError(event.error)}`);
    },
  });
  log('worker', `worker ${worker.id} in group ${worker.group} takes ${opts.type.join(', ')}`);
  const signal = await untilStopSignal();
  log('worker', `${signal}: finishing running commands (up to ${opts.grace} s), then leaving`);
  await worker.close({ graceMs: opts.grace * 1000 });
  return 0;
}
