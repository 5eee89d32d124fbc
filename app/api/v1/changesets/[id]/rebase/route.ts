import { parseParams } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { parseOptionalBody } from '@/lib/changesets/optional-body';
import { rebaseChangeSet } from '@/lib/changesets/rebase-changeset';
import { actionBody, idParams } from '@/lib/changesets/schemas';

export const dynamic = 'force-dynamic';

// POST /api/v1/changesets/{id}/rebase – base every conflicting edit on the key as it is now
export const POST = route('changesets.rebase', async (request, context) => {
  const { id } = await parseParams(context, idParams);
  return Response.json(
    await rebaseChangeSet(id, (await parseOptionalBody(request, actionBody)).expectedModRevision),
  );
});
