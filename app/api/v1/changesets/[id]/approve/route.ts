import { parseBody, parseParams } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { idParams, verdictBody } from '@/lib/changesets/schemas';
import { approveChangeSet } from '@/lib/changesets/verdict';

export const dynamic = 'force-dynamic';

// POST /api/v1/changesets/{id}/approve – approve with a comment (not the author, not a token)
export const POST = route('changesets.approve', async (request, context) => {
  const { id } = await parseParams(context, idParams);
  return Response.json(await approveChangeSet(id, await parseBody(request, verdictBody)));
});
