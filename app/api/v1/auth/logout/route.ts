import { route } from '@/lib/api/route';
import { sessionCookie } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

// POST /api/v1/auth/logout – end the session (the cookie is cleared)
export const POST = route('auth.logout', async () =>
  Response.json({ ok: true }, { headers: { 'Set-Cookie': sessionCookie('', 0, false) } }),
);
