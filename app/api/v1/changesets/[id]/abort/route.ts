import { parseParams } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { abortCanary } from '@/lib/changesets/canary-end';
import { parseOptionalBody } from '@/lib/changesets/optional-body';
import { actionBody, idParams } from '@/lib/changesets/schemas';

export const dynamic = 'force-dynamic';

// POST /api/v1/changesets/{id}/abort – remove a canary's overlays (its instances go back to production) and mark the set aborted
export const POST = route('changesets.abort', async (request, context) => {
  const { id } = await parseParams(context, idParams);
  return Response.json(
    await abortCanary(id, (await parseOptionalBody(request, actionBody)).expectedModRevision),
  );
});
