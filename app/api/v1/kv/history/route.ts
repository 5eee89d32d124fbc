import { parseQuery } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { readHistory } from '@/lib/kv/history';
import { historyQuery } from '@/lib/kv/schemas';

export const dynamic = 'force-dynamic';

// GET /api/v1/kv/history – every retained version of a key, newest first
export const GET = route('kv.history', async (request) =>
  Response.json(await readHistory(parseQuery(request, historyQuery))),
);
