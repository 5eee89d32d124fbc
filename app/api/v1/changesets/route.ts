import { parseBody, parseQuery } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { createChangeSet } from '@/lib/changesets/create-changeset';
import { listChangeSets } from '@/lib/changesets/list-changesets';
import { createBody, listQuery } from '@/lib/changesets/schemas';

export const dynamic = 'force-dynamic';

/** Values travel inside: as much as a change set record may hold, in base64, and some. */
const MAX_BODY_BYTES = 2.5 * 1024 * 1024;

// GET /api/v1/changesets – the change sets the caller may see (every key in them readable)
export const GET = route('changesets.list', async (request) =>
  Response.json(await listChangeSets(parseQuery(request, listQuery)), {
    headers: { 'Cache-Control': 'no-store' },
  }),
);

// POST /api/v1/changesets – a new draft with its staged edits (checked as the key editor checks a save)
export const POST = route('changesets.create', async (request) =>
  Response.json(await createChangeSet(await parseBody(request, createBody, MAX_BODY_BYTES)), { status: 201 }),
);
