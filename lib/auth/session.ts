import 'server-only';
// Sessions live in an encrypted, HttpOnly cookie (jose, A256GCM) that names the user and carries a random id
// (jti). Role and scope are looked up in the configuration on every request (lib/auth/session-actor.ts); logout
// records the id as revoked in etcd (lib/auth/session-revocation.ts), so every replica ends it.
import { createHash, randomBytes } from 'node:crypto';
import { EncryptJWT, jwtDecrypt } from 'jose';
import { z } from 'zod';
import type { Actor } from './context';

export const SESSION_COOKIE = 'etcd_console_session';

export type SessionMode = 'console' | 'etcd';

export type Session = {
  /** The user name the session was opened for. */
  user: string;
  mode: SessionMode;
  /** etcd login mode: the user's own etcd credentials (the cookie is encrypted). */
  etcd?: { username: string; password: string };
  /** Random id, for revocation. */
  jti: string;
  /** When the cookie stops being accepted, ms since the epoch. */
  expiresAt: number;
};

const claims = z.object({
  user: z.string().min(1),
  mode: z.enum(['console', 'etcd']),
  etcd: z.object({ username: z.string(), password: z.string() }).optional(),
  jti: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  exp: z.number(),
});

function key(secret: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(secret).digest());
}

export async function sealSession(
  actor: Actor,
  mode: SessionMode,
  secret: Uint8Array,
  ttlSeconds: number,
): Promise<string> {
  return new EncryptJWT({ user: actor.name, mode, ...(actor.etcd ? { etcd: actor.etcd } : {}) })
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setJti(randomBytes(18).toString('base64url'))
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .encrypt(key(secret));
}

/** The session, or null when the cookie is missing, forged, expired or from before sessions had an id. */
export async function openSession(token: string, secret: Uint8Array): Promise<Session | null> {
  try {
    const { payload } = await jwtDecrypt(token, key(secret), { clockTolerance: 5 });
    const parsed = claims.safeParse(payload);
    if (!parsed.success) return null;
    const { user, mode, etcd, jti, exp } = parsed.data;
    return { user, mode, ...(etcd ? { etcd } : {}), jti, expiresAt: exp * 1000 };
  } catch {
    return null;
  }
}

export function sessionCookie(value: string, maxAge: number, secure: boolean): string {
  return [
    `${SESSION_COOKIE}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${maxAge}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

export function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get('cookie');
  if (!header) return null;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return null;
}
