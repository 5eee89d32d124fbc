import { route } from '@/lib/api/route';
import { enableAuth } from '@/lib/etcd-auth/auth-switch';

export const dynamic = 'force-dynamic';

// POST /api/v1/etcd-auth/enable – turn etcd auth on; 409 unless a root user holds the root role
export const POST = route('etcd-auth.enable', async () => Response.json(await enableAuth()));
