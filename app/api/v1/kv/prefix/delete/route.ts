import { parseBody } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { deletePrefix } from '@/lib/kv/delete-prefix';
import { deletePrefixBody } from '@/lib/kv/schemas';

export const dynamic = 'force-dynamic';

// POST /api/v1/kv/prefix/delete – delete a previewed prefix, typed again to confirm
export const POST = route('kv.prefix.delete', async (request) =>
  Response.json(await deletePrefix(await parseBody(request, deletePrefixBody))),
);
