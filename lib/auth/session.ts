import 'server-only';
// Sessions live in an encrypted, HttpOnly cookie (jose, A256GCM): nothing to store server-side, replicas agree.
import { createHash } from 'node:crypto';
import { EncryptJWT, jwtDecrypt } from 'jose';
import type { Actor } from './context';

export const SESSION_COOKIE = 'etcd_console_session';

function key(secret: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(secret).digest());
}

export async function sealSession(actor: Actor, secret: Uint8Array, ttlSeconds: number): Promise<string> {
  return new EncryptJWT({ actor })
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .encrypt(key(secret));
}

/** The session's actor, or null when the cookie is missing, forged or expired. */
export async function openSession(token: string, secret: Uint8Array): Promise<Actor | null> {
  try {
    const { payload } = await jwtDecrypt(token, key(secret), { clockTolerance: 5 });
    const actor = payload.actor as Actor | undefined;
    return actor && typeof actor.name === 'string' ? { ...actor, via: 'session' } : null;
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
