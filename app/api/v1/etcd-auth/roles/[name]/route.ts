import { parseParams } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { deleteRole, getRole } from '@/lib/etcd-auth/roles';
import { roleParams } from '@/lib/etcd-auth/schemas';

export const dynamic = 'force-dynamic';

// GET /api/v1/etcd-auth/roles/{name} – one role and its key permissions
export const GET = route('etcd-auth.roles.get', async (_request, context) => {
  const { name } = await parseParams(context, roleParams);
  return Response.json(await getRole(name), { headers: { 'Cache-Control': 'no-store' } });
});

// DELETE /api/v1/etcd-auth/roles/{name} – delete a role (users lose it)
export const DELETE = route('etcd-auth.roles.delete', async (_request, context) => {
  const { name } = await parseParams(context, roleParams);
  await deleteRole(name);
  return Response.json({ ok: true });
});
