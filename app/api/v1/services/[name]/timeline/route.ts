import { parseParams, parseQuery } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { getServiceTimeline } from '@/lib/registry/get-service-timeline';
import { serviceParams, timelineQuery } from '@/lib/registry/schemas';

export const dynamic = 'force-dynamic';

// GET /api/v1/services/{name}/timeline – per-instance registrations, drains and removals over retained history
export const GET = route('services.timeline', async (request, context) => {
  const { name } = await parseParams(context, serviceParams);
  const query = parseQuery(request, timelineQuery);
  return Response.json(await getServiceTimeline(name, query), { headers: { 'Cache-Control': 'no-store' } });
});
