import { parseParams } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { readTask } from '@/lib/dispatch/list-tasks';
import { taskIdParams } from '@/lib/dispatch/schemas';

export const dynamic = 'force-dynamic';

// GET /api/v1/tasks/{id} – one work report; "lost" when its reporter died, 404 when it never existed
export const GET = route('tasks.read', async (_request, context) => {
  const { id } = await parseParams(context, taskIdParams);
  return Response.json(await readTask(id), { headers: { 'Cache-Control': 'no-store' } });
});
