import { route } from '@/lib/api/route';
import { overviewWarnings } from '@/lib/metrics/domain/exposition';

export const dynamic = 'force-dynamic';

// GET /api/v1/overview/warnings – the alert conditions that hold now, each naming its culprit
export const GET = route('overview.warnings', async () => Response.json(await overviewWarnings()));
