import { parseParams } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { getLease } from '@/lib/cluster/get-lease';
import { leaseParams } from '@/lib/cluster/lease-schemas';
import { revokeLease } from '@/lib/cluster/revoke-lease';

export const dynamic = 'force-dynamic';

// GET /api/v1/leases/{id} – one lease with every attached key
export const GET = route('leases.get', async (_request, context) => {
  const { id } = await parseParams(context, leaseParams);
  return Response.json(await getLease(id), { headers: { 'Cache-Control': 'no-store' } });
});

// DELETE /api/v1/leases/{id} – revoke the lease; every key attached to it is deleted
export const DELETE = route('leases.revoke', async (_request, context) => {
  const { id } = await parseParams(context, leaseParams);
  return Response.json(await revokeLease(id));
});
