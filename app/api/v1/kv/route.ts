import { parseQuery } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { listKeys } from '@/lib/kv/list-keys';
import { listQuery } from '@/lib/kv/schemas';

export const dynamic = 'force-dynamic';

// GET /api/v1/kv – one page of keys under a prefix; every page of a listing is read at one revision
export const GET = route('kv.list', async (request) =>
  Response.json(await listKeys(parseQuery(request, listQuery))),
);
