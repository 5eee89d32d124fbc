import 'server-only';
// The actor of a page request, decided in the page layer itself (layout and every etcd read), so a request
// that skips proxy.ts — a prefetch, an RSC fetch, a matcher gap — gets nothing the proxy would have refused.
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { authenticateBrowser } from './authenticate';
import type { Actor } from './context';
import { PAGE_PATH_HEADER } from './page-path';
import type { HeaderReader } from './peer';
import { safeNextPath } from './safe-next-path';
import { SESSION_COOKIE } from './session';

export type CookieReader = { get(name: string): { value: string } | undefined };

/** Who is asking for this page: the same answer as the API gives for the same cookie and front-door headers. */
export async function pageActor(
  requestHeaders: HeaderReader,
  requestCookies: CookieReader,
): Promise<Actor | null> {
  const cookie = requestCookies.get(SESSION_COOKIE)?.value ?? null;
  return (await authenticateBrowser(requestHeaders, cookie)).actor;
}

export function loginPath(current: string | null | undefined): string {
  return `/login?next=${encodeURIComponent(safeNextPath(current))}`;
}

/** The signed-in actor of the page being rendered; anyone else is sent to the login page. */
export async function requirePageActor(): Promise<Actor> {
  const [requestHeaders, requestCookies] = await Promise.all([headers(), cookies()]);
  const actor = await pageActor(requestHeaders, requestCookies);
  if (!actor) redirect(loginPath(requestHeaders.get(PAGE_PATH_HEADER)));
  return actor;
}
