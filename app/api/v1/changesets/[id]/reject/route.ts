import { parseBody, parseParams } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { idParams, verdictBody } from '@/lib/changesets/schemas';
import { rejectChangeSet } from '@/lib/changesets/verdict';

export const dynamic = 'force-dynamic';

// POST /api/v1/changesets/{id}/reject – reject with a comment
export const POST = route('changesets.reject', async (request, context) => {
  const { id } = await parseParams(context, idParams);
  return Response.json(await rejectChangeSet(id, await parseBody(request, verdictBody)));
});
