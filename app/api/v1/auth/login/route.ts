import { ApiError } from '@/lib/api/errors';
import { parseBody } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { authConfig } from '@/lib/auth/auth-config';
import { requestSource } from '@/lib/auth/authorize';
import { logIn, loginBody } from '@/lib/auth/login';
import { isSameOrigin } from '@/lib/auth/origin';
import { sealSession, sessionCookie } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

// POST /api/v1/auth/login – check credentials and set the session cookie
export const POST = route('auth.login', async (request) => {
  if (!isSameOrigin(request)) throw new ApiError('forbidden', 'Cross-origin login refused.');
  const actor = await logIn(await parseBody(request, loginBody), requestSource(request));
  const config = authConfig();
  const mode = config.mode === 'etcd' ? 'etcd' : 'console';
  const token = await sealSession(actor, mode, config.sessionSecret!, config.sessionTtlSeconds);
  const secure =
    new URL(request.url).protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https';
  const { etcd: _secret, ...shown } = actor;
  return Response.json(
    { user: shown },
    {
      headers: {
        'Set-Cookie': sessionCookie(token, config.sessionTtlSeconds, secure),
        'Cache-Control': 'no-store',
      },
    },
  );
});
