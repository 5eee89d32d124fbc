// Who may use the console: read once from the environment and validated, like the etcd settings.
import fs from 'node:fs';
import { z } from 'zod';
import { isLoopbackListenHost } from '../../server/gate.mjs';
import { ConfigError } from '../etcd/config';

export const roles = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof roles)[number];

const consoleUser = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9._@-]{1,64}$/, 'user names are 1–64 of A-Z a-z 0-9 . _ @ -'),
    passwordHash: z
      .string()
      .regex(/^\$2[aby]\$\d{2}\$/, 'passwordHash must be a bcrypt hash (npm run hash-password)'),
    role: z.enum(roles),
    /** Limit writes to keys under these prefixes (operators); empty = everywhere. */
    prefixes: z.array(z.string().min(1)).default([]),
  })
  .strict();

export type ConsoleUser = z.infer<typeof consoleUser>;

export type AuthConfig = {
  /** none: no login, loopback only; console: users from config; etcd: etcd's own users. */
  mode: 'none' | 'console' | 'etcd';
  users: ConsoleUser[];
  sessionSecret: Uint8Array | null;
  sessionTtlSeconds: number;
  readOnly: boolean;
  /** Role of etcd-mode users, who are all subject to etcd's own RBAC as well. */
  etcdUserRole: Role;
};

const envSchema = z.object({
  CONSOLE_AUTH: z.enum(['none', 'console', 'etcd']).optional(),
  CONSOLE_USERS: z.string().optional(),
  CONSOLE_USERS_FILE: z.string().optional(),
  CONSOLE_SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  CONSOLE_SESSION_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(30 * 86400)
    .default(8 * 3600),
  CONSOLE_READ_ONLY: z
    .enum(['0', '1', 'true', 'false', ''])
    .default('')
    .transform((v) => v === '1' || v === 'true'),
  CONSOLE_ETCD_USER_ROLE: z.enum(roles).default('admin'),
});

/** The literal deploy/docker-compose.yml once shipped: public, so never a secret. */
export const EXAMPLE_SESSION_SECRET = 'change-me-to-48-random-characters-change-me-please';

function fail(variable: string, message: string): never {
  throw new ConfigError(`Invalid configuration: ${variable}: ${message}`);
}

function readUsers(env: Record<string, string | undefined>): ConsoleUser[] {
  const [variable, raw] = env.CONSOLE_USERS_FILE
    ? ['CONSOLE_USERS_FILE', readFile(env.CONSOLE_USERS_FILE)]
    : ['CONSOLE_USERS', env.CONSOLE_USERS];
  if (!raw) return [];
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    fail(variable, 'is not valid JSON (expected [{ "name", "passwordHash", "role", "prefixes"? }])');
  }
  const parsed = z.array(consoleUser).min(1).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    fail(variable, `${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`.trim());
  }
  return parsed.data;
}

function readFile(path: string): string {
  try {
    return fs.readFileSync(path, 'utf8');
  } catch {
    fail('CONSOLE_USERS_FILE', `cannot read ${path}`);
  }
}

export function readAuthConfig(env: Record<string, string | undefined> = process.env): AuthConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    fail(String(issue?.path[0] ?? 'environment'), issue?.message ?? 'invalid');
  }
  const e = parsed.data;
  const users = readUsers(env);
  const mode = e.CONSOLE_AUTH ?? (users.length > 0 ? 'console' : 'none');
  if (mode === 'console' && users.length === 0) fail('CONSOLE_USERS', 'console mode needs at least one user');
  if (mode !== 'none' && !e.CONSOLE_SESSION_SECRET)
    fail('CONSOLE_SESSION_SECRET', 'is required when login is on');
  if (e.CONSOLE_SESSION_SECRET === EXAMPLE_SESSION_SECRET)
    fail('CONSOLE_SESSION_SECRET', 'is the published example value: generate one (openssl rand -base64 48)');
  return {
    mode,
    users,
    sessionSecret: e.CONSOLE_SESSION_SECRET ? new TextEncoder().encode(e.CONSOLE_SESSION_SECRET) : null,
    sessionTtlSeconds: e.CONSOLE_SESSION_TTL_SECONDS,
    readOnly: e.CONSOLE_READ_ONLY,
    etcdUserRole: e.CONSOLE_ETCD_USER_ROLE,
  };
}

/** A listen address only this machine can reach: 127.x, ::1, localhost — not a wildcard, LAN address or name. */
export function isLoopbackHost(host: string): boolean {
  return isLoopbackListenHost(host);
}

/** Secure by default: without login, the console may only listen on loopback. */
export function assertSafeBinding(config: AuthConfig, host: string): void {
  if (config.mode === 'none' && !isLoopbackHost(host)) {
    throw new ConfigError(
      `Refusing to listen on ${host} without authentication: set CONSOLE_USERS (or CONSOLE_AUTH=etcd) and CONSOLE_SESSION_SECRET, or use HOST=127.0.0.1.`,
    );
  }
}
