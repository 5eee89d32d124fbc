import { route } from '@/lib/api/route';
import { readAuthStatus } from '@/lib/etcd-auth/auth-switch';

export const dynamic = 'force-dynamic';

// GET /api/v1/etcd-auth – is etcd auth on, and does a root user with the root role exist
export const GET = route('etcd-auth.status', async () =>
  Response.json(await readAuthStatus(), { headers: { 'Cache-Control': 'no-store' } }),
);
