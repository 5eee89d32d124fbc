import { route } from '@/lib/api/route';
import { readSpace } from '@/lib/cluster/space';

export const dynamic = 'force-dynamic';

// GET /api/v1/cluster/space – keys and bytes per top-level prefix against db size and quota (cached ~10 s)
export const GET = route('cluster.space', async () =>
  Response.json(await readSpace(), { headers: { 'Cache-Control': 'no-store' } }),
);
