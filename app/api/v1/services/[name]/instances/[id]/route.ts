import { parseBody, parseParams, parseQuery } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { deleteInstance } from '@/lib/registry/delete-instance';
import { resolveServiceRef } from '@/lib/registry/resolve-layout';
import { instanceParams, instancePatch, layoutQuery } from '@/lib/registry/schemas';
import { updateInstance } from '@/lib/registry/update-instance';

export const dynamic = 'force-dynamic';

// PATCH /api/v1/services/{name}/instances/{id}?layout= – drain, undrain or reweight (layouts that allow it)
export const PATCH = route('services.instance.patch', async (request, context) => {
  const { name, id } = await parseParams(context, instanceParams);
  const { layout } = parseQuery(request, layoutQuery);
  const known = await resolveServiceRef(layout, name, id);
  const patch = await parseBody(request, instancePatch);
  return Response.json(await updateInstance(name, id, patch, undefined, known));
});

// DELETE /api/v1/services/{name}/instances/{id}?layout= – revoke the instance's lease, or delete its key
export const DELETE = route('services.instance.delete', async (request, context) => {
  const { name, id } = await parseParams(context, instanceParams);
  const { layout } = parseQuery(request, layoutQuery);
  const known = await resolveServiceRef(layout, name, id);
  return Response.json(await deleteInstance(name, id, undefined, undefined, undefined, known));
});
