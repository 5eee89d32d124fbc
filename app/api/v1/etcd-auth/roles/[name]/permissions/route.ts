import { parseBody, parseParams } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { grantPermission } from '@/lib/etcd-auth/roles';
import { grantPermissionBody, roleParams } from '@/lib/etcd-auth/schemas';

export const dynamic = 'force-dynamic';

// POST /api/v1/etcd-auth/roles/{name}/permissions – grant read, write or readwrite on a key or prefix
export const POST = route('etcd-auth.roles.grant', async (request, context) => {
  const { name } = await parseParams(context, roleParams);
  return Response.json(await grantPermission(name, await parseBody(request, grantPermissionBody)));
});
