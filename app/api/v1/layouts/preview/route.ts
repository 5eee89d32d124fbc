import { parseBody } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { previewLayout } from '@/lib/layouts/preview-layout';
import { layoutPreviewBody } from '@/lib/layouts/schemas';

export const dynamic = 'force-dynamic';

// POST /api/v1/layouts/preview – a draft layout applied to the keys under its root that the caller may read
export const POST = route('layouts.preview', async (request) => {
  const draft = await parseBody(request, layoutPreviewBody);
  return Response.json(await previewLayout(draft), { headers: { 'Cache-Control': 'no-store' } });
});
