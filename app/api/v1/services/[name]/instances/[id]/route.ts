import { parseBody, parseParams } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { deleteInstance } from '@/lib/registry/delete-instance';
import { instanceParams, instancePatch } from '@/lib/registry/schemas';
import { updateInstance } from '@/lib/registry/update-instance';

export const dynamic = 'force-dynamic';

// PATCH /api/v1/services/{name}/instances/{id} – drain, undrain or reweight, as a compare-and-swap on its key
export const PATCH = route('services.instance.patch', async (request, context) => {
  const { name, id } = await parseParams(context, instanceParams);
  const patch = await parseBody(request, instancePatch);
  return Response.json(await updateInstance(name, id, patch));
});

// DELETE /api/v1/services/{name}/instances/{id} – revoke the instance's lease, or delete a key without one
export const DELETE = route('services.instance.delete', async (_request, context) => {
  const { name, id } = await parseParams(context, instanceParams);
  return Response.json(await deleteInstance(name, id));
});
