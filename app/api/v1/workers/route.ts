import { parseQuery } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { listWorkers } from '@/lib/dispatch/list-workers';
import { workersQuery } from '@/lib/dispatch/schemas';

export const dynamic = 'force-dynamic';

// GET /api/v1/workers – groups, their workers, lease TTLs and what each runs; ?group=
export const GET = route('workers.list', async (request) => {
  const { group } = parseQuery(request, workersQuery);
  return Response.json(await listWorkers(group), { headers: { 'Cache-Control': 'no-store' } });
});
