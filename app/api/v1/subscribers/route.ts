import { parseQuery } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { listSubscribers } from '@/lib/subscribers/list-subscribers';
import { keyFromQuery } from '@/lib/subscribers/query-key';
import { subscribersQuery } from '@/lib/subscribers/schemas';

export const dynamic = 'force-dynamic';

// GET /api/v1/subscribers – live config subscribers covering a key or prefix, with applied revision and lag
export const GET = route('subscribers.list', async (request) => {
  const query = parseQuery(request, subscribersQuery);
  const prefix = query.prefix === undefined ? null : keyFromQuery(query.prefix, query.keyEncoding, 'prefix');
  return Response.json(await listSubscribers(prefix), { headers: { 'Cache-Control': 'no-store' } });
});
