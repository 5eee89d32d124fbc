import { route } from '@/lib/api/route';
import { readCluster } from '@/lib/cluster/read-cluster';

export const dynamic = 'force-dynamic';

// GET /api/v1/cluster – every member probed at its own client URL, the leader, alarms and the compaction point
export const GET = route('cluster.get', async () =>
  Response.json(await readCluster(), { headers: { 'Cache-Control': 'no-store' } }),
);
