import { parseParams, parseQuery } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { pickInstance } from '@/lib/registry/pick-instance';
import { resolveServiceRef } from '@/lib/registry/resolve-layout';
import { pickQuery, serviceParams } from '@/lib/registry/schemas';

export const dynamic = 'force-dynamic';

// GET /api/v1/services/{name}/pick?layout= – one live instance by strategy; 503 when the service has none up
export const GET = route('services.pick', async (request, context) => {
  const { name } = await parseParams(context, serviceParams);
  const { strategy, layout } = parseQuery(request, pickQuery);
  const known = await resolveServiceRef(layout, name);
  return Response.json(await pickInstance(name, strategy, undefined, known), {
    headers: { 'Cache-Control': 'no-store' },
  });
});
