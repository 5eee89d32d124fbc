import { parseQuery } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { diffPrefix } from '@/lib/kv/diff-prefix';
import { diffQuery } from '@/lib/kv/schemas';

export const dynamic = 'force-dynamic';

// GET /api/v1/kv/diff – added, removed and changed keys under a prefix between two revisions
export const GET = route('kv.diff', async (request) =>
  Response.json(await diffPrefix(parseQuery(request, diffQuery))),
);
