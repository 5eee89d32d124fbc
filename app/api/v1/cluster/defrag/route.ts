import { route } from '@/lib/api/route';
import { readDefrag, startDefrag } from '@/lib/cluster/defrag-job';

export const dynamic = 'force-dynamic';

// GET /api/v1/cluster/defrag – the latest rolling defragmentation job and its progress log
export const GET = route('cluster.defrag.get', async () =>
  Response.json(await readDefrag(), { headers: { 'Cache-Control': 'no-store' } }),
);

// POST /api/v1/cluster/defrag – start a rolling defragmentation: followers one by one, the leader last
export const POST = route('cluster.defrag.start', async () =>
  Response.json({ job: await startDefrag(), source: 'local' }, { status: 202 }),
);
