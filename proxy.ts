// Runs before every page: a fresh CSP nonce per request, and the login page for anyone not signed in.
import { type NextRequest, NextResponse } from 'next/server';
import { authConfig } from './lib/auth/auth-config';
import { openSession, SESSION_COOKIE } from './lib/auth/session';

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
  const config = authConfig();
  if (config.mode === 'none') return true;
  const cookie = request.cookies.get(SESSION_COOKIE)?.value;
  return Boolean(cookie && config.sessionSecret && (await openSession(cookie, config.sessionSecret)));
}

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (pathname !== '/login' && !(await signedIn(request))) {
    const login = new URL('/login', request.url);
    login.searchParams.set('next', `${pathname}${search}`);
    return NextResponse.redirect(login);
  }
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const csp = contentSecurityPolicy(nonce);
  const headers = new Headers(request.headers);
  headers.set('x-nonce', nonce);
  headers.set('Content-Security-Policy', csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('Content-Security-Policy', csp);
  return response;
}

export const config = {
  // Pages only: the API authenticates in its route wrapper; static assets need neither.
  matcher: [
    {
      source: '/((?!api/|_next/static|_next/image|favicon.ico).*)',
      missing: [{ type: 'header', key: 'next-router-prefetch' }],
    },
  ],
};
