import { route } from '@/lib/api/route';
import { listAlarms } from '@/lib/cluster/alarms';

export const dynamic = 'force-dynamic';

// GET /api/v1/cluster/alarms – active alarms, each with why it fired (NOSPACE: db size against quota)
export const GET = route('cluster.alarms', async () =>
  Response.json(await listAlarms(), { headers: { 'Cache-Control': 'no-store' } }),
);
