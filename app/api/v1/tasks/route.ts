import { parseQuery } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { listTasks } from '@/lib/dispatch/list-tasks';
import { tasksQuery } from '@/lib/dispatch/schemas';

export const dynamic = 'force-dynamic';

// GET /api/v1/tasks – live and recently finished work reports; ?state=&parent=&limit=
export const GET = route('tasks.list', async (request) => {
  const query = parseQuery(request, tasksQuery);
  return Response.json(await listTasks(query), { headers: { 'Cache-Control': 'no-store' } });
});
