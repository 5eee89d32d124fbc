import { parseBody, parseParams } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { readEndpoint, viewOf } from '@/lib/webhooks/endpoints';
import { deleteWebhook, updateWebhook } from '@/lib/webhooks/manage-endpoints';
import { updateWebhookBody, webhookIdParams } from '@/lib/webhooks/schemas';

export const dynamic = 'force-dynamic';

// GET /api/v1/webhooks/{id} – one endpoint (its secret only as a hint)
export const GET = route('webhooks.get', async (_request, context) => {
  const { id } = await parseParams(context, webhookIdParams);
  const { endpoint } = await readEndpoint(id);
  return Response.json({ webhook: viewOf(endpoint) }, { headers: { 'Cache-Control': 'no-store' } });
});

// PATCH /api/v1/webhooks/{id} – change, enable or disable an endpoint, or rotate its secret
export const PATCH = route('webhooks.update', async (request, context) => {
  const { id } = await parseParams(context, webhookIdParams);
  const body = await parseBody(request, updateWebhookBody);
  return Response.json(await updateWebhook(id, body));
});

// DELETE /api/v1/webhooks/{id} – remove an endpoint and its delivery records
export const DELETE = route('webhooks.delete', async (_request, context) => {
  const { id } = await parseParams(context, webhookIdParams);
  await deleteWebhook(id);
  return Response.json({ deleted: id });
});
