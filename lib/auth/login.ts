import 'server-only';
// Checking a user name and password: against the console's bcrypt hashes, or against etcd's own users.
import bcrypt from 'bcryptjs';
import { z } from 'zod';
import { ApiError } from '../api/errors';
import { buildRecord, writeAudit } from '../audit/record';
import { etcdSystemClient } from '../etcd/client';
import { authConfig } from './auth-config';
import type { Actor } from './context';
import { clearLoginFailures, loginRetryAfter, recordLoginFailure } from './rate-limit';

export const loginBody = z
  .object({ username: z.string().min(1).max(128), password: z.string().min(1).max(1024) })
  .strict();

// Compared against when the user does not exist, so timing does not tell names apart.
const DUMMY_HASH = '$2b$10$9y6sjSst3fN1K4NdqLxXYOEnlcKHdweZehI0G7qNN9aPKSQDJSNSC';

async function checkConsoleUser(username: string, password: string): Promise<Actor | null> {
  const user = authConfig().users.find((u) => u.name === username);
  const ok = await bcrypt.compare(password, user?.passwordHash ?? DUMMY_HASH);
  return user && ok ? { name: user.name, role: user.role, prefixes: user.prefixes, via: 'session' } : null;
}

async function checkEtcdUser(username: string, password: string): Promise<Actor | null> {
  try {
    await etcdSystemClient().auth.authenticate({ name: username, password });
  } catch (error) {
    if (/authentication failed|invalid/i.test(String((error as Error)?.message))) return null;
    throw error;
  }
  return {
    name: username,
    role: authConfig().etcdUserRole,
    prefixes: [],
    via: 'session',
    etcd: { username, password },
  };
}

/** The actor for valid credentials; 401 for wrong ones; 429 after too many failures from one place. */
export async function logIn(body: z.infer<typeof loginBody>, source: string): Promise<Actor> {
  const config = authConfig();
  if (config.mode === 'none')
    throw new ApiError('bad_request', 'Login is off: this console listens on loopback only.');
  const wait = loginRetryAfter(body.username, source);
  if (wait > 0)
    throw new ApiError('rate_limited', `Too many failed attempts: try again in ${wait} s.`, {
      retryAfter: wait,
    });
  const actor =
    config.mode === 'etcd'
      ? await checkEtcdUser(body.username, body.password)
      : await checkConsoleUser(body.username, body.password);
  const record = buildRecord(actor ? 'auth.login' : 'auth.login.failed', [], {
    actor: body.username,
    via: 'session',
    source,
  });
  await writeAudit(record).catch(() => {});
  if (!actor) {
    recordLoginFailure(body.username, source);
    throw new ApiError('unauthorized', 'Wrong user name or password.');
  }
  clearLoginFailures(body.username, source);
  return actor;
}
