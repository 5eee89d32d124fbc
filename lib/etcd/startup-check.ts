import { readTlsMaterial } from '@etcd-console/core/etcd';
import { GateConfigError, parseTrustedProxies } from '../../server/gate.mjs';
import { looseScopes } from '../auth/access';
import { assertSafeBinding, readAuthConfig } from '../auth/config';
import { readLoginLimits } from '../auth/rate-limit';
import { ConfigError } from './config';
import { readClusterProfiles } from './profiles';

/**
 * The address the server will listen on: `-H …`, else CONSOLE_HOST (server.mjs sets it) or HOST, else every
 * interface (`next start`'s default).
 */
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

/** CONSOLE_TRUSTED_PROXIES is the front door's (server.mjs); checked here too, so `npm start` fails before building. */
function readTrustedProxies(): void {
  try {
    parseTrustedProxies(process.env.CONSOLE_TRUSTED_PROXIES);
  } catch (error) {
    if (error instanceof GateConfigError) throw new ConfigError(error.message);
    throw error;
  }
}

/** Scopes match byte-exact, like etcd's prefixes: one without a trailing "/" covers its siblings too. Say so. */
function warnLooseScopes(users: Array<{ name: string; prefixes: string[] }>): void {
  for (const user of users) {
    for (const scope of looseScopes(user.prefixes)) {
      process.stderr.write(
        `Warning: CONSOLE_USERS: ${user.name}'s scope ${JSON.stringify(scope)} does not end in "/", so it also covers ${JSON.stringify(`${scope}-x/`)} and every other key that starts with it.\n`,
      );
    }
  }
}

/** Refuses to start on bad configuration, with one line naming the variable instead of a stack trace. */
export function checkConfigurationOrExit(): void {
  try {
    for (const profile of readClusterProfiles()) readTlsMaterial(profile);
    readLoginLimits();
    readTrustedProxies();
    const auth = readAuthConfig();
    assertSafeBinding(auth, listenHost());
    warnLooseScopes(auth.users);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
