import { parseQuery } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { metricsText } from '@/lib/metrics/domain/exposition';
import { metricsQuery } from '@/lib/metrics/domain/metrics-query';
import { metrics } from '@/lib/metrics/registry';

export const dynamic = 'force-dynamic';

// GET /api/v1/metrics – Prometheus text exposition: the process, and the domain for unscoped callers
export const GET = route('metrics', async (request) => {
  const text = await metricsText(parseQuery(request, metricsQuery));
  return new Response(text, { headers: { 'Content-Type': metrics().registry.contentType } });
});
