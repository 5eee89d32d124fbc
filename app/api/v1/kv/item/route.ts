import { parseBody, parseQuery } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { deleteItem } from '@/lib/kv/delete-item';
import { readItem } from '@/lib/kv/read-item';
import { deleteQuery, itemQuery, putBody } from '@/lib/kv/schemas';
import { writeItem } from '@/lib/kv/write-item';

export const dynamic = 'force-dynamic';

/** Base64 makes a 1.5 MiB value about 2 MiB of JSON; anything past this is refused before parsing. */
const MAX_BODY_BYTES = 2.5 * 1024 * 1024;

// GET /api/v1/kv/item – one key, optionally at a revision
export const GET = route('kv.item.get', async (request) =>
  Response.json(await readItem(parseQuery(request, itemQuery))),
);

// PUT /api/v1/kv/item – create or update one key as a compare-and-swap on mod_revision
export const PUT = route('kv.item.put', async (request) =>
  Response.json(await writeItem(await parseBody(request, putBody, MAX_BODY_BYTES))),
);

// DELETE /api/v1/kv/item – delete one key as a compare-and-swap on mod_revision
export const DELETE = route('kv.item.delete', async (request) =>
  Response.json(await deleteItem(parseQuery(request, deleteQuery))),
);
