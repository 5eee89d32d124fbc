import 'server-only';
// Who is calling: a bearer token, a session cookie (user still configured, not logged out), or — with login
// off — the local user, on loopback and through the front door only.
import type { Actor } from './context';
import type { HeaderReader } from './peer';
import { readCookie, SESSION_COOKIE } from './session';
import { sessionActor } from './session-actor';
import { isSessionRevoked } from './session-revocation';
import { actorForToken } from './tokens';

export type Authentication = { actor: Actor | null; expired: boolean };

/** The browser side of authentication (session or login off), shared by the API and the pages. */
export async function authenticateBrowser(
  headers: HeaderReader,
  cookie: string | null,
): Promise<Authentication> {
  const { actor, session, expired } = await sessionActor(headers, cookie);
  if (session && (await isSessionRevoked(session))) return { actor: null, expired: true };
  return { actor, expired };
}

export async function authenticate(request: Request): Promise<Authentication> {
  const auth = request.headers.get('authorization');
  if (auth?.toLowerCase().startsWith('bearer ')) {
    return { actor: await actorForToken(auth.slice(7).trim()), expired: false };
  }
  return authenticateBrowser(request.headers, readCookie(request, SESSION_COOKIE));
}
