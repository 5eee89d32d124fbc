import { parseQuery } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { listServices } from '@/lib/registry/list-services';
import { listQuery } from '@/lib/registry/schemas';

export const dynamic = 'force-dynamic';

// GET /api/v1/services – every service with its instance counts at one revision; ttl=true adds expiring counts
export const GET = route('services.list', async (request) => {
  const { ttl } = parseQuery(request, listQuery);
  return Response.json(await listServices({ withTtl: ttl }), {
    headers: { 'Cache-Control': 'no-store' },
  });
});
