import { parseQuery } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { previewPrefixDelete } from '@/lib/kv/delete-prefix';
import { prefixQuery } from '@/lib/kv/schemas';

export const dynamic = 'force-dynamic';

// GET /api/v1/kv/prefix – what deleting a prefix would remove: count, sample, revision to confirm against
export const GET = route('kv.prefix.preview', async (request) =>
  Response.json(await previewPrefixDelete(parseQuery(request, prefixQuery))),
);
