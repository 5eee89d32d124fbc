import { parseQuery } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { searchQuery } from '@/lib/kv/schemas';
import { searchKeys } from '@/lib/kv/search-keys';

export const dynamic = 'force-dynamic';

// GET /api/v1/kv/search – substring search in a prefix, one bounded page of keys per call
export const GET = route('kv.search', async (request) =>
  Response.json(await searchKeys(parseQuery(request, searchQuery))),
);
