import { parseParams } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { promoteCanary } from '@/lib/changesets/canary-end';
import { parseOptionalBody } from '@/lib/changesets/optional-body';
import { actionBody, idParams } from '@/lib/changesets/schemas';

export const dynamic = 'force-dynamic';

// POST /api/v1/changesets/{id}/promote – publish a canary set to everyone (the publish path and its approvals), then remove its overlays
export const POST = route('changesets.promote', async (request, context) => {
  const { id } = await parseParams(context, idParams);
  return Response.json(
    await promoteCanary(id, (await parseOptionalBody(request, actionBody)).expectedModRevision),
  );
});
