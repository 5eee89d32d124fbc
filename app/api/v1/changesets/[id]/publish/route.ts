import { parseParams } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { parseOptionalBody } from '@/lib/changesets/optional-body';
import { publishChangeSet } from '@/lib/changesets/publish-changeset';
import { actionBody, idParams } from '@/lib/changesets/schemas';

export const dynamic = 'force-dynamic';

// POST /api/v1/changesets/{id}/publish – publish in one transaction per step, comparing every key with its review
export const POST = route('changesets.publish', async (request, context) => {
  const { id } = await parseParams(context, idParams);
  return Response.json(
    await publishChangeSet(id, (await parseOptionalBody(request, actionBody)).expectedModRevision),
  );
});
