import { type AuthConfig, readAuthConfig } from './config';

const holder = globalThis as typeof globalThis & { __consoleAuth?: AuthConfig };

/** The auth settings of this process, read once. */
export function authConfig(): AuthConfig {
  holder.__consoleAuth ??= readAuthConfig();
  return holder.__consoleAuth;
}

/** Tests switch modes between suites. */
export function resetAuthConfig(): void {
  delete holder.__consoleAuth;
}
