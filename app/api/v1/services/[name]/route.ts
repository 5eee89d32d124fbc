import { parseParams, parseQuery } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { getService } from '@/lib/registry/get-service';
import { resolveServiceRef } from '@/lib/registry/resolve-layout';
import { layoutQuery, serviceParams } from '@/lib/registry/schemas';

export const dynamic = 'force-dynamic';

// GET /api/v1/services/{name}?layout= – one service's instances with lease, remaining and granted TTL
export const GET = route('services.get', async (request, context) => {
  const { name } = await parseParams(context, serviceParams);
  const { layout } = parseQuery(request, layoutQuery);
  const known = await resolveServiceRef(layout, name);
  return Response.json(await getService(name, undefined, undefined, known), {
    headers: { 'Cache-Control': 'no-store' },
  });
});
