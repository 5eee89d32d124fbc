import { route } from '@/lib/api/route';
import { metrics } from '@/lib/metrics/registry';

export const dynamic = 'force-dynamic';

// GET /api/v1/metrics – Prometheus text exposition
export const GET = route('metrics', async () => {
  const { registry } = metrics();
  return new Response(await registry.metrics(), { headers: { 'Content-Type': registry.contentType } });
});
