import { parseParams, parseQuery } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { getServiceTimeline } from '@/lib/registry/get-service-timeline';
import { resolveServiceRef } from '@/lib/registry/resolve-layout';
import { serviceParams, timelineQuery } from '@/lib/registry/schemas';

export const dynamic = 'force-dynamic';

// GET /api/v1/services/{name}/timeline?layout= – per-instance registrations, drains and removals over history
export const GET = route('services.timeline', async (request, context) => {
  const { name } = await parseParams(context, serviceParams);
  const { layout, ...query } = parseQuery(request, timelineQuery);
  const known = await resolveServiceRef(layout, name);
  return Response.json(await getServiceTimeline(name, query, undefined, undefined, undefined, known), {
    headers: { 'Cache-Control': 'no-store' },
  });
});
