import { parseBody } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { disarmAlarms } from '@/lib/cluster/alarms';
import { disarmBody } from '@/lib/cluster/schemas';

export const dynamic = 'force-dynamic';

// POST /api/v1/cluster/alarms/disarm – deactivate matching alarms; NOSPACE comes back if space is still short
export const POST = route('cluster.alarms.disarm', async (request) =>
  Response.json(await disarmAlarms(await parseBody(request, disarmBody))),
);
