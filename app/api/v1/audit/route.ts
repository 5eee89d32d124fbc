import { parseQuery } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { auditQuery, listAudit } from '@/lib/audit/list';

export const dynamic = 'force-dynamic';

// GET /api/v1/audit – the audit trail, newest first, filtered by actor, action, key prefix and time
export const GET = route('audit.list', async (request) =>
  Response.json(await listAudit(parseQuery(request, auditQuery))),
);
