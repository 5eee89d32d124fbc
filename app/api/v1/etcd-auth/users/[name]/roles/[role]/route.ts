import { parseParams } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { userRoleParams } from '@/lib/etcd-auth/schemas';
import { revokeUserRole } from '@/lib/etcd-auth/users';

export const dynamic = 'force-dynamic';

// DELETE /api/v1/etcd-auth/users/{name}/roles/{role} – revoke a role from the user
export const DELETE = route('etcd-auth.users.revoke', async (_request, context) => {
  const { name, role } = await parseParams(context, userRoleParams);
  return Response.json(await revokeUserRole(name, role));
});
