import { parseBody } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { compactCluster } from '@/lib/cluster/compact';
import { compactBody } from '@/lib/cluster/schemas';

export const dynamic = 'force-dynamic';

// POST /api/v1/cluster/compact – drop every revision before the given one (history reads before it answer 410)
export const POST = route('cluster.compact', async (request) =>
  Response.json(await compactCluster(await parseBody(request, compactBody))),
);
