import { parseParams } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { getService } from '@/lib/registry/get-service';
import { serviceParams } from '@/lib/registry/schemas';

export const dynamic = 'force-dynamic';

// GET /api/v1/services/{name} – one service's instances with lease, remaining and granted TTL
export const GET = route('services.get', async (_request, context) => {
  const { name } = await parseParams(context, serviceParams);
  return Response.json(await getService(name), { headers: { 'Cache-Control': 'no-store' } });
});
