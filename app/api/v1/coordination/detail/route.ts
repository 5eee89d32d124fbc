import { parseQuery } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { getCoordination } from '@/lib/coordination/get-coordination';
import { coordinationDetailQuery } from '@/lib/coordination/schemas';

export const dynamic = 'force-dynamic';

// GET /api/v1/coordination/detail?prefix=…&kind=… – one election, lock or Patroni cluster with recent handovers
export const GET = route('coordination.get', async (request) => {
  const { prefix, kind } = parseQuery(request, coordinationDetailQuery);
  return Response.json(await getCoordination({ prefix, kind }), { headers: { 'Cache-Control': 'no-store' } });
});
