import 'server-only';
// Opaque paging cursors. A listing filtered to the caller's scope may stop on something the caller must not see
// (an audit record, a lease): its position then travels sealed (AES-256-GCM), so the cursor names nothing.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { authConfig } from '../auth/auth-config';
import { ApiError } from './errors';

const MARK = 'c1.';
const holder = globalThis as typeof globalThis & { __cursorKey?: Buffer };

/** From the session secret (the same on every replica); without one, a key of this process. */
function cursorKey(): Buffer {
  const secret = authConfig().sessionSecret;
  if (secret) return createHash('sha256').update('etcd-console paging cursor\u0000').update(secret).digest();
  holder.__cursorKey ??= randomBytes(32);
  return holder.__cursorKey;
}

export function isSealedCursor(text: string): boolean {
  return text.startsWith(MARK);
}

/** Seals `position` for the listing `kind` (a cursor of one listing is refused by another). */
export function sealCursor(kind: string, position: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', cursorKey(), iv);
  cipher.setAAD(Buffer.from(kind));
  const sealed = Buffer.concat([cipher.update(position, 'utf8'), cipher.final()]);
  return MARK + Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

/** The position sealed in `cursor`; 400 when it was not made here for `kind` (tampered, or from another key). */
export function openCursor(kind: string, cursor: string): string {
  try {
    const bytes = Buffer.from(cursor.slice(MARK.length), 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', cursorKey(), bytes.subarray(0, 12));
    decipher.setAAD(Buffer.from(kind));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    throw new ApiError('bad_request', 'That cursor is not valid here: start again from the first page.');
  }
}
