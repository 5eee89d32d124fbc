import 'server-only';
// Who is calling: a bearer token, a session cookie, or — with login off — the local user on loopback.
import { authConfig } from './auth-config';
import type { Actor } from './context';
import { openSession, readCookie, SESSION_COOKIE } from './session';
import { actorForToken } from './tokens';

export type Authentication = { actor: Actor | null; expired: boolean };

const localAdmin: Actor = { name: 'local', role: 'admin', prefixes: [], via: 'local' };

export async function authenticate(request: Request): Promise<Authentication> {
  const auth = request.headers.get('authorization');
  if (auth?.toLowerCase().startsWith('bearer ')) {
    return { actor: await actorForToken(auth.slice(7).trim()), expired: false };
  }
  const config = authConfig();
  if (config.mode === 'none') return { actor: localAdmin, expired: false };
  const cookie = readCookie(request, SESSION_COOKIE);
  if (!cookie || !config.sessionSecret) return { actor: null, expired: false };
  const actor = await openSession(cookie, config.sessionSecret);
  return { actor, expired: actor === null };
}
