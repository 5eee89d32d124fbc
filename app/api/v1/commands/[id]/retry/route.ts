import { parseParams } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { currentActor } from '@/lib/auth/context';
import { retryCommand } from '@/lib/dispatch/retry-command';
import { commandIdParams } from '@/lib/dispatch/schemas';

export const dynamic = 'force-dynamic';

// POST /api/v1/commands/{id}/retry – a finished command again, as a new command; 201 { id, retryOf }
export const POST = route('commands.retry', async (_request, context) => {
  const { id } = await parseParams(context, commandIdParams);
  const created = await retryCommand(id, currentActor()?.name ?? 'unknown');
  return Response.json(created, { status: 201, headers: { Location: `/api/v1/commands/${created.id}` } });
});
