import { parseParams } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { readCommand } from '@/lib/dispatch/read-command';
import { commandIdParams } from '@/lib/dispatch/schemas';

export const dynamic = 'force-dynamic';

// GET /api/v1/commands/{id} – state, per-worker runs and timeline
export const GET = route('commands.read', async (_request, context) => {
  const { id } = await parseParams(context, commandIdParams);
  return Response.json(await readCommand(id), { headers: { 'Cache-Control': 'no-store' } });
});
