import { route } from '@/lib/api/route';
import { disableAuth } from '@/lib/etcd-auth/auth-switch';

export const dynamic = 'force-dynamic';

// POST /api/v1/etcd-auth/disable – turn etcd auth off
export const POST = route('etcd-auth.disable', async () => Response.json(await disableAuth()));
