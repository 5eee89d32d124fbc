import { parseQuery } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { readPropagation } from '@/lib/subscribers/propagation';
import { keyFromQuery } from '@/lib/subscribers/query-key';
import { propagationQuery } from '@/lib/subscribers/schemas';

export const dynamic = 'force-dynamic';

// GET /api/v1/subscribers/propagation – which covering subscribers applied a key's change at a revision, and how fast
export const GET = route('subscribers.propagation', async (request) => {
  const query = parseQuery(request, propagationQuery);
  const key = keyFromQuery(query.key, query.keyEncoding, 'key');
  const result = await readPropagation({ key, revision: query.revision, since: query.since });
  return Response.json(result, { headers: { 'Cache-Control': 'no-store' } });
});
