import { parseQuery } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { leaseListQuery } from '@/lib/cluster/lease-schemas';
import { listLeases } from '@/lib/cluster/list-leases';

export const dynamic = 'force-dynamic';

// GET /api/v1/leases – leases by ID with TTLs, attached key count and sample keys
export const GET = route('leases.list', async (request) =>
  Response.json(await listLeases(parseQuery(request, leaseListQuery)), {
    headers: { 'Cache-Control': 'no-store' },
  }),
);
