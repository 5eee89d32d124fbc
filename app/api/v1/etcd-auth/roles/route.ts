import { parseBody } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { createRole, listRoles } from '@/lib/etcd-auth/roles';
import { createRoleBody } from '@/lib/etcd-auth/schemas';

export const dynamic = 'force-dynamic';

// GET /api/v1/etcd-auth/roles – every role with its key permissions
export const GET = route('etcd-auth.roles.list', async () =>
  Response.json(await listRoles(), { headers: { 'Cache-Control': 'no-store' } }),
);

// POST /api/v1/etcd-auth/roles – create a role (no permissions yet)
export const POST = route('etcd-auth.roles.create', async (request) => {
  const { name } = await parseBody(request, createRoleBody);
  return Response.json(await createRole(name), { status: 201 });
});
