import 'server-only';
// Webhook secrets at rest: sealed with AES-256-GCM under a key derived from CONSOLE_SESSION_SECRET, so a reader of
// etcd's raw keys (a backup, etcdctl) cannot sign deliveries. Without a session secret (login off) they stay plain.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

function boxKey(): Buffer | null {
  const secret = process.env.CONSOLE_SESSION_SECRET;
  if (!secret) return null;
  return Buffer.from(hkdfSync('sha256', secret, 'etcd-console', 'webhook-secrets', 32));
}

export function sealSecret(plain: string): string {
  const key = boxKey();
  if (!key) return `plain:${plain}`;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `gcm:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

/** The secret, or null when it cannot be opened (the session secret changed since: rotate the webhook's secret). */
export function openSecret(sealed: string): string | null {
  if (sealed.startsWith('plain:')) return sealed.slice(6);
  const key = boxKey();
  if (!key || !sealed.startsWith('gcm:')) return null;
  try {
    const raw = Buffer.from(sealed.slice(4), 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
