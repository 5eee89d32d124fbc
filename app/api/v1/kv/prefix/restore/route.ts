import { parseBody } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { restorePrefix } from '@/lib/kv/delete-prefix';
import { restorePrefixBody } from '@/lib/kv/schemas';

export const dynamic = 'force-dynamic';

// POST /api/v1/kv/prefix/restore – write a prefix back as it was at a revision
export const POST = route('kv.prefix.restore', async (request) =>
  Response.json(await restorePrefix(await parseBody(request, restorePrefixBody))),
);
