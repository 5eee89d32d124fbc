import { parseBody, parseParams } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { canaryBody } from '@/lib/changesets/canary-schemas';
import { startCanary } from '@/lib/changesets/canary-start';
import { readCanary } from '@/lib/changesets/canary-status';
import { idParams } from '@/lib/changesets/schemas';

export const dynamic = 'force-dynamic';

// GET /api/v1/changesets/{id}/canary – the canary instances' acknowledgements, errors and health; who could be chosen
export const GET = route('changesets.canary.get', async (_request, context) => {
  const { id } = await parseParams(context, idParams);
  return Response.json(await readCanary(id), { headers: { 'Cache-Control': 'no-store' } });
});

// POST /api/v1/changesets/{id}/canary – publish to chosen subscriber instances first (by instance or a share of an app)
export const POST = route('changesets.canary', async (request, context) => {
  const { id } = await parseParams(context, idParams);
  return Response.json(await startCanary(id, await parseBody(request, canaryBody, 64 * 1024)));
});
