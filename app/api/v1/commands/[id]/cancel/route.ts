import { parseParams } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { currentActor } from '@/lib/auth/context';
import { cancelCommand } from '@/lib/dispatch/cancel-command';
import { commandIdParams } from '@/lib/dispatch/schemas';

export const dynamic = 'force-dynamic';

// POST /api/v1/commands/{id}/cancel – running handlers see ctx.signal abort; 409 once finished
export const POST = route('commands.cancel', async (_request, context) => {
  const { id } = await parseParams(context, commandIdParams);
  return Response.json(await cancelCommand(id, currentActor()?.name ?? 'unknown'));
});
