import { route } from '@/lib/api/route';
import { authConfig } from '@/lib/auth/auth-config';
import { currentActor } from '@/lib/auth/context';

export const dynamic = 'force-dynamic';

// GET /api/v1/auth/me – who the console thinks you are, and what the console allows
export const GET = route('auth.me', async () => {
  const actor = currentActor();
  const config = authConfig();
  const body = {
    mode: config.mode,
    readOnly: config.readOnly,
    user: actor ? { name: actor.name, role: actor.role, prefixes: actor.prefixes, via: actor.via } : null,
  };
  return Response.json(body, { status: actor ? 200 : 401, headers: { 'Cache-Control': 'no-store' } });
});
