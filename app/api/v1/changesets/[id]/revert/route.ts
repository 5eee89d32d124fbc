import { parseParams } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { parseOptionalBody } from '@/lib/changesets/optional-body';
import { revertChangeSet } from '@/lib/changesets/revert-changeset';
import { actionBody, idParams } from '@/lib/changesets/schemas';

export const dynamic = 'force-dynamic';

// POST /api/v1/changesets/{id}/revert – a new change set that puts back what the publish overwrote
export const POST = route('changesets.revert', async (request, context) => {
  const { id } = await parseParams(context, idParams);
  return Response.json(
    await revertChangeSet(id, (await parseOptionalBody(request, actionBody)).expectedModRevision),
  );
});
