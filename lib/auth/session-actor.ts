import 'server-only';
// The actor behind a browser request, from what needs no etcd: the front door (login off) or the session cookie
// checked against the current configuration. Revocation (etcd) is added by lib/auth/authenticate.ts; proxy.ts
// uses this part alone, so its bundle stays free of the etcd client.
import { authConfig } from './auth-config';
import type { AuthConfig } from './config';
import type { Actor } from './context';
import { type HeaderReader, isLocalCaller } from './peer';
import { openSession, type Session } from './session';

export type SessionActor = {
  actor: Actor | null;
  /** The opened session, when the actor came from one. */
  session: Session | null;
  /** A cookie was sent but no longer opens a session (expired, forged, or its user changed). */
  expired: boolean;
};

const localAdmin: Actor = { name: 'local', role: 'admin', prefixes: [], via: 'local' };

/** The session's user as the configuration has them now: removed → null, role and scope from the config. */
export function actorForSession(session: Session, config: AuthConfig = authConfig()): Actor | null {
  if (session.mode !== config.mode) return null;
  if (config.mode === 'console') {
    const user = config.users.find((u) => u.name === session.user);
    return user ? { name: user.name, role: user.role, prefixes: user.prefixes, via: 'session' } : null;
  }
  if (!session.etcd) return null;
  return { name: session.user, role: config.etcdUserRole, prefixes: [], via: 'session', etcd: session.etcd };
}

export async function sessionActor(headers: HeaderReader, cookie: string | null): Promise<SessionActor> {
  const config = authConfig();
  if (config.mode === 'none') {
    // Login off: the local admin, but only through the gate and from this machine.
    return { actor: isLocalCaller(headers) ? localAdmin : null, session: null, expired: false };
  }
  if (!cookie || !config.sessionSecret) return { actor: null, session: null, expired: false };
  const session = await openSession(cookie, config.sessionSecret);
  const actor = session ? actorForSession(session, config) : null;
  return { actor, session: actor ? session : null, expired: actor === null };
}
