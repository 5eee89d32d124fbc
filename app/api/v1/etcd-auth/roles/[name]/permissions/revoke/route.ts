import { parseBody, parseParams } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { revokePermission } from '@/lib/etcd-auth/roles';
import { revokePermissionBody, roleParams } from '@/lib/etcd-auth/schemas';

export const dynamic = 'force-dynamic';

// POST /api/v1/etcd-auth/roles/{name}/permissions/revoke – revoke the permission on exactly that key or prefix
export const POST = route('etcd-auth.roles.revoke', async (request, context) => {
  const { name } = await parseParams(context, roleParams);
  return Response.json(await revokePermission(name, await parseBody(request, revokePermissionBody)));
});
