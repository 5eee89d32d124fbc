// The auth settings of this process: read at start, and again whenever CONSOLE_USERS_FILE changes on disk, so a
// removed or demoted user is out on their next request (every request looks its session's user up here).
import fs from 'node:fs';
import { type AuthConfig, readAuthConfig } from './config';

const holder = globalThis as typeof globalThis & {
  __consoleAuth?: AuthConfig;
  __consoleUsersFile?: { checkedAt: number; stamp: string };
};

/** How often the users file is looked at (one stat call). */
const FILE_CHECK_MS = 1000;

function fileStamp(file: string): string {
  try {
    const st = fs.statSync(file);
    return `${st.mtimeMs}:${st.size}:${st.ino}`;
  } catch {
    return 'missing';
  }
}

/** Re-reads the configuration when the users file changed; a broken file keeps the last good users (and says so). */
function refreshFromFile(): void {
  const file = process.env.CONSOLE_USERS_FILE;
  if (!file || !holder.__consoleAuth) return;
  const now = Date.now();
  const seen = holder.__consoleUsersFile;
  if (seen && now - seen.checkedAt < FILE_CHECK_MS) return;
  const stamp = fileStamp(file);
  holder.__consoleUsersFile = { checkedAt: now, stamp };
  if (!seen || seen.stamp === stamp) return;
  try {
    holder.__consoleAuth = readAuthConfig();
  } catch (error) {
    process.stderr.write(`${(error as Error).message} (keeping the users read before)\n`);
  }
}

export function authConfig(): AuthConfig {
  refreshFromFile();
  if (!holder.__consoleAuth) {
    holder.__consoleAuth = readAuthConfig();
    const file = process.env.CONSOLE_USERS_FILE;
    if (file) holder.__consoleUsersFile = { checkedAt: Date.now(), stamp: fileStamp(file) };
  }
  return holder.__consoleAuth;
}

/** Tests switch modes between suites. */
export function resetAuthConfig(): void {
  delete holder.__consoleAuth;
  delete holder.__consoleUsersFile;
}
