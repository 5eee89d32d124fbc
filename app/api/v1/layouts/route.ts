import { parseBody, parseQuery } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { listLayouts } from '@/lib/layouts/list-layouts';
import { saveLayouts } from '@/lib/layouts/save-layouts';
import { layoutsGetQuery, layoutsPut } from '@/lib/layouts/schemas';

export const dynamic = 'force-dynamic';

// GET /api/v1/layouts – every service layout (built-in, declared), on or off, and what detection found
export const GET = route('layouts.get', async (request) => {
  const { detect } = parseQuery(request, layoutsGetQuery);
  return Response.json(await listLayouts(detect), { headers: { 'Cache-Control': 'no-store' } });
});

// PUT /api/v1/layouts – turn layouts off or on and declare your own (compare-and-swap, audited)
export const PUT = route('layouts.put', async (request) => {
  const { settings, expectedModRevision } = await parseBody(request, layoutsPut);
  return Response.json(await saveLayouts(settings, expectedModRevision));
});
