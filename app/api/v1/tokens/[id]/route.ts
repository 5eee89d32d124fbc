import { z } from 'zod';
import { parseParams } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { revokeToken } from '@/lib/auth/tokens';

export const dynamic = 'force-dynamic';

const params = z.object({ id: z.string().regex(/^[0-9a-f]{12}$/, 'not a token id') });

// DELETE /api/v1/tokens/{id} – revoke a token
export const DELETE = route('tokens.revoke', async (_request, context) => {
  const { id } = await parseParams(context, params);
  await revokeToken(id);
  return Response.json({ revoked: id });
});
