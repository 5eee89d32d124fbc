import { parseParams } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { listWebhookDeliveries } from '@/lib/webhooks/deliveries';
import { webhookIdParams } from '@/lib/webhooks/schemas';

export const dynamic = 'force-dynamic';

// GET /api/v1/webhooks/{id}/deliveries – the endpoint's last deliveries, newest first, with every attempt
export const GET = route('webhooks.deliveries', async (_request, context) => {
  const { id } = await parseParams(context, webhookIdParams);
  const deliveries = await listWebhookDeliveries(id);
  return Response.json({ deliveries }, { headers: { 'Cache-Control': 'no-store' } });
});
