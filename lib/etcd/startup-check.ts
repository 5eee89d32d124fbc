import { assertSafeBinding, readAuthConfig } from '../auth/config';
import { ConfigError } from './config';
import { readClusterProfiles } from './profiles';

/** The address the server will listen on: `next start -H …`, else CONSOLE_HOST/HOST, else every interface. */
export function listenHost(
  argv: string[] = process.argv,
  env: Record<string, string | undefined> = process.env,
): string {
  const i = argv.findIndex((a) => a === '-H' || a === '--hostname');
  if (i >= 0 && argv[i + 1]) return argv[i + 1]!;
  const inline = argv.find((a) => a.startsWith('--hostname='));
  if (inline) return inline.slice('--hostname='.length);
  return env.CONSOLE_HOST ?? env.HOST ?? '0.0.0.0';
}

/** Refuses to start on bad configuration, with one line naming the variable instead of a stack trace. */
export function checkConfigurationOrExit(): void {
  try {
    readClusterProfiles();
    assertSafeBinding(readAuthConfig(), listenHost());
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
