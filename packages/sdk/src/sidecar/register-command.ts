// `register`: runs a program and keeps it in the service registry while it lives (with --health: up only while
// healthy, draining otherwise), deregisters the moment it exits, and exits with its status.
import { z } from 'zod';
import { type InstanceStatus, type RegisteredInstance, registerInstance } from '../registry';
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
import { exitStatus, forwardSignals, type ProgramExit, startProgram } from './child-program';
import { startHealthCheck } from './health-check';
import { describeError, log } from './log';
import { StatusKeeper } from './status-keeper';

const flags = {
  ...connectionFlags,
  service: { type: 'string' },
  address: { type: 'string' },
  port: { type: 'string' },
  ttl: { type: 'string' },
  id: { type: 'string' },
  weight: { type: 'string' },
  meta: { type: 'string', multiple: true },
  version: { type: 'string' },
  health: { type: 'string' },
  'health-interval': { type: 'string' },
} as const;

const schema = z.object({
  service: nameFlag,
  id: nameFlag.optional(),
  address: z.string().min(1).max(1024),
  port: wholeNumber(0, 65535).optional(),
  ttl: wholeNumber(1, 3600).default(10),
  weight: decimalNumber(0, 1_000_000).default(1),
  meta: z
    .array(z.string().regex(/^[^=]+=/, 'must be key=value'))
    .default([])
    .transform((pairs) =>
      Object.fromEntries(pairs.map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)])),
    ),
  version: z.string().max(256).optional(),
  health: z
    .string()
    .regex(/^https?:\/\/\S+$/, 'must be an http:// or https:// URL')
    .optional(),
  'health-interval': decimalNumber(0.1, 3600).default(2),
});

export async function runRegister(argv: string[]): Promise<number> {
  const { values, program } = parseCommandLine('register', argv, flags);
  const opts = checkFlags('register', schema, values);
  const argvOfProgram = requireProgram('register', program, 'program');

  const child = startProgram(argvOfProgram);
  let stopping = false;
  let keeper: StatusKeeper | null = null;
  const stopForwarding = forwardSignals(child, (signal) => {
    // Told to stop: leave the balancers' rotation at once, while the program shuts down.
    if (signal === 'SIGHUP') return;
    stopping = true;
    keeper?.want('draining');
  });
  const initial: InstanceStatus = opts.health ? 'draining' : 'up';
  let instance: RegisteredInstance;
  try {
    instance = await registerInstance({
      ...connectionFrom(values),
      service: opts.service,
      ...(opts.id ? { id: opts.id } : {}),
      address: opts.address,
      ...(opts.port === undefined ? {} : { port: opts.port }),
      ttl: opts.ttl,
      weight: opts.weight,
      metadata: opts.meta,
      ...(opts.version ? { version: opts.version } : {}),
      // With a health check it starts out of rotation and is let in by the first passing check.
      status: initial,
      handleSignals: false,
      onEvent: (event) => {
        if (event.type === 'lost') log('register', `registration lost (${event.reason}); registering again`);
        if (event.type === 'error') log('register', `registry: ${describeError(event.error)}`);
        if (event.type === 'registered' && event.reregistration) keeper?.forget();
      },
    });
  } catch (error) {
    log('register', `cannot register ${opts.service}: ${describeError(error)}; stopping the program`);
    if (child.running()) child.child.kill('SIGTERM');
    await child.exited;
    stopForwarding();
    return 1;
  }
  log('register', `registered ${instance.key}`);
  const kept = new StatusKeeper(instance, initial);
  keeper = kept;
  if (stopping) kept.want('draining');
  const health = opts.health
    ? followHealth(kept, opts.health, opts['health-interval'] * 1000, () => stopping)
    : null;
  const exit: ProgramExit = await child.exited;
  health?.stop();
  stopForwarding();
  await instance.close();
  log('register', `program exited (${exit.signal ?? exit.code}); deregistered ${instance.key}`);
  return exitStatus(exit);
}

/** Drains the instance while the health URL fails and lets it back in once it passes. */
function followHealth(keeper: StatusKeeper, url: string, intervalMs: number, stopping: () => boolean) {
  return startHealthCheck({
    url,
    intervalMs,
    onResult: (healthy, detail, changed) => {
      if (stopping()) return;
      const status = healthy ? 'up' : 'draining';
      if (changed) log('register', `health ${healthy ? 'passing' : 'failing'} (${detail}): ${status}`);
      keeper.want(status);
    },
  });
}
