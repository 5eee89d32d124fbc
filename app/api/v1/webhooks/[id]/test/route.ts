import { parseParams } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { sendTestPing } from '@/lib/webhooks/deliveries';
import { webhookIdParams } from '@/lib/webhooks/schemas';

export const dynamic = 'force-dynamic';

// POST /api/v1/webhooks/{id}/test – queue a signed "ping" delivery; answers before the receiver does
export const POST = route('webhooks.test', async (_request, context) => {
  const { id } = await parseParams(context, webhookIdParams);
  return Response.json({ delivery: await sendTestPing(id) }, { status: 202 });
});
