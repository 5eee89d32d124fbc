import { route } from '@/lib/api/route';
import { listServices } from '@/lib/registry/list-services';

export const dynamic = 'force-dynamic';

// GET /api/v1/services – every service with its instance counts (up, draining), at one revision
export const GET = route('services.list', async () =>
  Response.json(await listServices(), { headers: { 'Cache-Control': 'no-store' } }),
);
