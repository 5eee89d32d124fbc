import 'server-only';
// Signing out: the session's id is revoked in etcd (every replica honours it), then the audit trail says so.
import { buildRecord, writeAudit } from '../audit/record';
import { authConfig } from './auth-config';
import { openSession } from './session';
import { revokeSession } from './session-revocation';

/** Revokes the cookie's session, if it still opens one; a missing or dead cookie has nothing to end. */
export async function logOut(cookie: string | null): Promise<void> {
  const secret = authConfig().sessionSecret;
  const session = cookie && secret ? await openSession(cookie, secret) : null;
  if (!session) return;
  await revokeSession(session);
  const record = buildRecord('auth.logout', [], { actor: session.user, via: 'session' });
  await writeAudit(record).catch(() => {});
}
