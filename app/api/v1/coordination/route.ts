import { route } from '@/lib/api/route';
import { listCoordination } from '@/lib/coordination/list-coordination';

export const dynamic = 'force-dynamic';

// GET /api/v1/coordination – every election, lock and Patroni leader the caller may read: holder, waiters, TTLs
export const GET = route('coordination.list', async () =>
  Response.json(await listCoordination(), { headers: { 'Cache-Control': 'no-store' } }),
);
