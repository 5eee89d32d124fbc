import { parseParams } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { userParams } from '@/lib/etcd-auth/schemas';
import { deleteUser, getUser } from '@/lib/etcd-auth/users';

export const dynamic = 'force-dynamic';

// GET /api/v1/etcd-auth/users/{name} – one user and its roles
export const GET = route('etcd-auth.users.get', async (_request, context) => {
  const { name } = await parseParams(context, userParams);
  return Response.json(await getUser(name), { headers: { 'Cache-Control': 'no-store' } });
});

// DELETE /api/v1/etcd-auth/users/{name} – delete a user
export const DELETE = route('etcd-auth.users.delete', async (_request, context) => {
  const { name } = await parseParams(context, userParams);
  await deleteUser(name);
  return Response.json({ ok: true });
});
