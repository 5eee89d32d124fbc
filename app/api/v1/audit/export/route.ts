import { parseQuery } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { auditQuery, listAudit } from '@/lib/audit/list';

export const dynamic = 'force-dynamic';

// GET /api/v1/audit/export – the filtered trail as a JSON download, up to 1,000 records (nextCursor continues)
export const GET = route('audit.export', async (request) => {
  const result = await listAudit({ ...parseQuery(request, auditQuery.omit({ limit: true })), limit: 1000 });
  return new Response(JSON.stringify(result, null, 2), {
    headers: {
      'Content-Type': 'application/json',
      'Content-Disposition': 'attachment; filename="etcd-console-audit.json"',
    },
  });
});
