import { parseParams, parseQuery } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { pickInstance } from '@/lib/registry/pick-instance';
import { pickQuery, serviceParams } from '@/lib/registry/schemas';

export const dynamic = 'force-dynamic';

// GET /api/v1/services/{name}/pick – one live instance by strategy; 503 when the service has none up
export const GET = route('services.pick', async (request, context) => {
  const { name } = await parseParams(context, serviceParams);
  const { strategy } = parseQuery(request, pickQuery);
  return Response.json(await pickInstance(name, strategy), { headers: { 'Cache-Control': 'no-store' } });
});
