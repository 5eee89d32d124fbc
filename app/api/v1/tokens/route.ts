import { parseBody } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { currentActor } from '@/lib/auth/context';
import { createToken, createTokenBody, listTokens } from '@/lib/auth/tokens';

export const dynamic = 'force-dynamic';

// GET /api/v1/tokens – API tokens (never their secrets)
export const GET = route('tokens.list', async () => Response.json({ tokens: await listTokens() }));

// POST /api/v1/tokens – create a token; its secret is shown in this answer only
export const POST = route('tokens.create', async (request) => {
  const body = await parseBody(request, createTokenBody);
  return Response.json(await createToken(body, currentActor()?.name ?? 'unknown'), { status: 201 });
});
