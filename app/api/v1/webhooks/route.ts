import { parseBody } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { listWebhooks } from '@/lib/webhooks/endpoints';
import { createWebhook } from '@/lib/webhooks/manage-endpoints';
import { createWebhookBody } from '@/lib/webhooks/schemas';

export const dynamic = 'force-dynamic';

// GET /api/v1/webhooks – the endpoints the caller may see (never their secrets)
export const GET = route('webhooks.list', async () =>
  Response.json({ webhooks: await listWebhooks() }, { headers: { 'Cache-Control': 'no-store' } }),
);

// POST /api/v1/webhooks – add an endpoint; its signing secret is shown in this answer only
export const POST = route('webhooks.create', async (request) => {
  const body = await parseBody(request, createWebhookBody);
  return Response.json(await createWebhook(body), { status: 201 });
});
