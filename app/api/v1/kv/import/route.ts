import { parseBody } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { importItems } from '@/lib/kv/import-items';
import { importBody } from '@/lib/kv/schemas';

export const dynamic = 'force-dynamic';

// POST /api/v1/kv/import – preview, then apply, an export's items in guarded transactions of 128
export const POST = route('kv.import', async (request) =>
  Response.json(await importItems(await parseBody(request, importBody, 64 * 1024 * 1024))),
);
