import { parseBody, parseParams } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { grantRoleBody, userParams } from '@/lib/etcd-auth/schemas';
import { grantUserRole } from '@/lib/etcd-auth/users';

export const dynamic = 'force-dynamic';

// POST /api/v1/etcd-auth/users/{name}/roles – grant a role to the user
export const POST = route('etcd-auth.users.grant', async (request, context) => {
  const { name } = await parseParams(context, userParams);
  const { role } = await parseBody(request, grantRoleBody);
  return Response.json(await grantUserRole(name, role));
});
