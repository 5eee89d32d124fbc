import { ConfigError, readEtcdConfig } from './config';

/** Refuses to start on bad configuration, with one line naming the variable instead of a stack trace. */
export function checkConfigurationOrExit(): void {
  try {
    readEtcdConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
