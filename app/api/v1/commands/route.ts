import { parseBody, parseQuery } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { currentActor } from '@/lib/auth/context';
import { createCommand } from '@/lib/dispatch/create-command';
import { listCommands } from '@/lib/dispatch/list-commands';
import { createCommandBody, listCommandsQuery } from '@/lib/dispatch/schemas';

export const dynamic = 'force-dynamic';

// GET /api/v1/commands – newest first; ?group=&state=&limit=&cursor=
export const GET = route('commands.list', async (request) => {
  const query = parseQuery(request, listCommandsQuery);
  return Response.json(await listCommands(query), { headers: { 'Cache-Control': 'no-store' } });
});

// POST /api/v1/commands – queue a command for a worker group; 201 { id, listeners }
export const POST = route('commands.create', async (request) => {
  const body = await parseBody(request, createCommandBody);
  const created = await createCommand(body, currentActor()?.name ?? 'unknown');
  return Response.json(created, { status: 201, headers: { Location: `/api/v1/commands/${created.id}` } });
});
