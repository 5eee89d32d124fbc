import { route } from '@/lib/api/route';
import { readOverview } from '@/lib/cluster/overview';

export const dynamic = 'force-dynamic';

// GET /api/v1/overview – the Overview page's figures
export const GET = route('overview', async () => Response.json(await readOverview()));
