// `config`: mirrors a prefix into files, runs a reload command after each applied revision, and acknowledges
// each revision as a config subscriber (the console's propagation view then covers this process).
import path from 'node:path';
import { z } from 'zod';
import { subscribeConfig } from '../config';
import {
  checkFlags,
  connectionFlags,
  connectionFrom,
  nameFlag,
  parseCommandLine,
  UsageError,
  wholeNumber,
} from './arguments';
import { ConfigFiles } from './config-files';
import { describeError, log } from './log';
import { runReload } from './reload-command';
import { untilStopSignal } from './stop-signal';

const flags = {
  ...connectionFlags,
  prefix: { type: 'string' },
  out: { type: 'string' },
  app: { type: 'string' },
  instance: { type: 'string' },
  exec: { type: 'string' },
  ttl: { type: 'string' },
} as const;

const schema = z.object({
  prefix: z.string().min(2).max(4096).endsWith('/', 'must end with "/" (the keys below it become files)'),
  out: z.string().min(1),
  app: nameFlag.optional(),
  instance: nameFlag.optional(),
  exec: z.string().min(1).optional(),
  ttl: wholeNumber(2, 3600).default(10),
});

export async function runConfigCommand(argv: string[]): Promise<number> {
  const { values, program } = parseCommandLine('config', argv, flags);
  if (program.length > 0) throw new UsageError('config runs no program after --; use --exec', 'config');
  const opts = checkFlags('config', schema, values);
  const outDir = path.resolve(opts.out);
  const files = new ConfigFiles(outDir);
  await files.open();

  const subscription = await subscribeConfig<string>({
    connection: connectionFrom(values),
    prefix: opts.prefix,
    app: opts.app ?? appFromPrefix(opts.prefix),
    ...(opts.instance ? { instanceId: opts.instance } : {}),
    parse: 'text',
    leaseTtlSeconds: opts.ttl,
    // The SDK calls this once per applied revision, one call at a time; a throw is acknowledged as that
    // revision's error in the subscriber's status.
    onChange: async (snapshot, info) => {
      const outcome = await files.apply(snapshot, info.changedKeys);
      const problems = [...outcome.problems];
      if (!outcome.complete) problems.push('reload skipped: the files do not hold the revision');
      else if (opts.exec) {
        const failed = await runReload(opts.exec, info.revision, outDir);
        if (failed) problems.push(failed);
      }
      if (problems.length > 0) throw new Error(problems.join('; '));
      log('config', `applied revision ${info.revision} (${info.changedKeys.length} keys changed)`);
    },
    onError: (error) => log('config', error.message),
  });
  log('config', `${subscription.app}/${subscription.instanceId} follows ${opts.prefix} into ${outDir}`);
  const signal = await untilStopSignal();
  log('config', `${signal}: leaving`);
  await subscription.close().catch((error) => log('config', `close: ${describeError(error)}`));
  return 0;
}

/** "/config/payments/" → "payments": the subscriber's app name when --app is not given. */
function appFromPrefix(prefix: string): string {
  const last = prefix.split('/').filter(Boolean).at(-1) ?? '';
  const cleaned = last.replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return cleaned.slice(0, 128) || 'config-sidecar';
}
