import { parseBody } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { createUserBody } from '@/lib/etcd-auth/schemas';
import { createUser, listUsers } from '@/lib/etcd-auth/users';

export const dynamic = 'force-dynamic';

// GET /api/v1/etcd-auth/users – every etcd user with its roles
export const GET = route('etcd-auth.users.list', async () =>
  Response.json(await listUsers(), { headers: { 'Cache-Control': 'no-store' } }),
);

// POST /api/v1/etcd-auth/users – create a user, optionally granting roles
export const POST = route('etcd-auth.users.create', async (request) =>
  Response.json(await createUser(await parseBody(request, createUserBody)), { status: 201 }),
);
