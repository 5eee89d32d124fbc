import { parseQuery } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { listChildren } from '@/lib/kv/list-children';
import { childrenQuery } from '@/lib/kv/schemas';

export const dynamic = 'force-dynamic';

// GET /api/v1/kv/children – immediate children of a prefix, for the tree
export const GET = route('kv.children', async (request) =>
  Response.json(await listChildren(parseQuery(request, childrenQuery))),
);
