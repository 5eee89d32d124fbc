import { parseParams } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { reviewChangeSet } from '@/lib/changesets/review-changeset';
import { idParams } from '@/lib/changesets/schemas';

export const dynamic = 'force-dynamic';

// GET /api/v1/changesets/{id}/review – base, current and proposed value per key, conflicts, checks, publish steps
export const GET = route('changesets.review', async (_request, context) => {
  const { id } = await parseParams(context, idParams);
  return Response.json(await reviewChangeSet(id), { headers: { 'Cache-Control': 'no-store' } });
});
