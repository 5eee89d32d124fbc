import { parseParams } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { keepaliveLease } from '@/lib/cluster/keepalive-lease';
import { leaseParams } from '@/lib/cluster/lease-schemas';

export const dynamic = 'force-dynamic';

// POST /api/v1/leases/{id}/keepalive – renew the lease once, to its granted TTL
export const POST = route('leases.keepalive', async (_request, context) => {
  const { id } = await parseParams(context, leaseParams);
  return Response.json(await keepaliveLease(id));
});
