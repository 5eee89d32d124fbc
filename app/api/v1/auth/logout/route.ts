import { ApiError } from '@/lib/api/errors';
import { route } from '@/lib/api/route';
import { logOut } from '@/lib/auth/logout';
import { isSameOrigin } from '@/lib/auth/origin';
import { readCookie, SESSION_COOKIE, sessionCookie } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

// POST /api/v1/auth/logout – end the session on every replica (revoked in etcd) and clear the cookie
export const POST = route('auth.logout', async (request) => {
  if (!isSameOrigin(request)) throw new ApiError('forbidden', 'Cross-origin logout refused.');
  await logOut(readCookie(request, SESSION_COOKIE));
  return Response.json(
    { ok: true },
    { headers: { 'Set-Cookie': sessionCookie('', 0, false), 'Cache-Control': 'no-store' } },
  );
});
