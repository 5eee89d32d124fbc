#!/usr/bin/env node
// etcd-console-sidecar: brings a program in any language into the console (register, worker, config).
import { UsageError } from './arguments';
import { runConfigCommand } from './config-command';
import { describeError, log } from './log';
import { runRegister } from './register-command';
import { usage } from './usage';
import { runWorkerCommand } from './worker-command';

const commands: Record<string, (argv: string[]) => Promise<number>> = {
  register: runRegister,
  worker: runWorkerCommand,
  config: runConfigCommand,
};

/** Runs one command line; resolves with the process's exit status (2 for a usage mistake). */
async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const flagsPart = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  if (!command) {
    process.stderr.write(`etcd-console-sidecar: give a command\n\n${usage()}`);
    return 2;
  }
  if (command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(usage(rest[0]));
    return 0;
  }
  const run = commands[command];
  try {
    if (!run) throw new UsageError(`unknown command ${JSON.stringify(command)}`);
    if (flagsPart.includes('--help') || flagsPart.includes('-h')) {
      process.stdout.write(usage(command));
      return 0;
    }
    return await run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`etcd-console-sidecar: ${error.message}\n\n${usage(error.command)}`);
      return 2;
    }
    log(command, describeError(error));
    return 1;
  }
}

const status = await runCli(process.argv.slice(2));
process.exit(status);
