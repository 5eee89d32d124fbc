// Runs before every page (prefetches too): a fresh CSP nonce per request, and the login page for anyone not
// signed in. A first screen only: the pages decide again themselves (lib/auth/page-actor.ts), with revocation.
import { type NextRequest, NextResponse } from 'next/server';
import { PAGE_PATH_HEADER } from './lib/auth/page-path';
import { safeNextPath } from './lib/auth/safe-next-path';
import { SESSION_COOKIE } from './lib/auth/session';
import { sessionActor } from './lib/auth/session-actor';

function contentSecurityPolicy(nonce: string): string {
  const dev = process.env.NODE_ENV !== 'production';
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // CodeMirror and Next inject style elements at run time.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

async function signedIn(request: NextRequest): Promise<boolean> {
  const cookie = request.cookies.get(SESSION_COOKIE)?.value ?? null;
  return (await sessionActor(request.headers, cookie)).actor !== null;
}

/** The page's own path and query, without the router's cache-busting `_rsc`. */
function pagePath(request: NextRequest): string {
  const url = request.nextUrl.clone();
  url.searchParams.delete('_rsc');
  return safeNextPath(`${url.pathname}${url.search}`);
}

export async function proxy(request: NextRequest) {
  const path = pagePath(request);
  if (request.nextUrl.pathname !== '/login' && !(await signedIn(request))) {
    const login = new URL('/login', request.url);
    login.searchParams.set('next', path);
    return NextResponse.redirect(login);
  }
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const csp = contentSecurityPolicy(nonce);
  const headers = new Headers(request.headers);
  headers.set(PAGE_PATH_HEADER, path);
  headers.set('x-nonce', nonce);
  headers.set('Content-Security-Policy', csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('Content-Security-Policy', csp);
  return response;
}

export const config = {
  // Pages only, prefetches included: the API authenticates in its route wrapper; static assets need neither.
  matcher: ['/((?!api/|_next/static|_next/image|favicon.ico).*)'],
};
