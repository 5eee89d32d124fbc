import 'server-only';
// etcd login mode: a token carries its maker's etcd identity, sealed with the token's own secret (AES-256-GCM,
// key derived by HKDF from the secret and the token id). The stored record alone cannot be used: only whoever
// holds the token can open it, and then acts in etcd as that user, under etcd's RBAC.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

export type SealedIdentity = { username: string; sealed: string };

function keyFor(secret: string, id: string): Buffer {
  return Buffer.from(
    hkdfSync('sha256', Buffer.from(secret), Buffer.from(id), 'etcd-console token identity', 32),
  );
}

export function sealIdentity(
  identity: { username: string; password: string },
  secret: string,
  id: string,
): SealedIdentity {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(secret, id), iv);
  const body = Buffer.concat([cipher.update(identity.password, 'utf8'), cipher.final()]);
  return {
    username: identity.username,
    sealed: Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64'),
  };
}

/** The identity, or null when the secret does not open it (never: the hash was checked first). */
export function openIdentity(
  stored: SealedIdentity,
  secret: string,
  id: string,
): { username: string; password: string } | null {
  try {
    const raw = Buffer.from(stored.sealed, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', keyFor(secret, id), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const password = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    return { username: stored.username, password };
  } catch {
    return null;
  }
}
