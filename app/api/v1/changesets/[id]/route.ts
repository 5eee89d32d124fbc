import { parseBody, parseParams, parseQuery } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { discardChangeSet } from '@/lib/changesets/discard-changeset';
import { getChangeSet } from '@/lib/changesets/get-changeset';
import { actionQuery, idParams, patchBody } from '@/lib/changesets/schemas';
import { updateChangeSet } from '@/lib/changesets/update-changeset';

export const dynamic = 'force-dynamic';

const MAX_BODY_BYTES = 2.5 * 1024 * 1024;

// GET /api/v1/changesets/{id} – one change set: its edits, verdicts, published steps and history
export const GET = route('changesets.get', async (_request, context) => {
  const { id } = await parseParams(context, idParams);
  return Response.json(await getChangeSet(id), { headers: { 'Cache-Control': 'no-store' } });
});

// PATCH /api/v1/changesets/{id} – rename, stage or take out edits (clears approvals when the edits change)
export const PATCH = route('changesets.update', async (request, context) => {
  const { id } = await parseParams(context, idParams);
  return Response.json(await updateChangeSet(id, await parseBody(request, patchBody, MAX_BODY_BYTES)));
});

// DELETE /api/v1/changesets/{id} – discard a set nothing of which was published
export const DELETE = route('changesets.discard', async (request, context) => {
  const { id } = await parseParams(context, idParams);
  const { expectedModRevision } = parseQuery(request, actionQuery);
  return Response.json(await discardChangeSet(id, expectedModRevision));
});
