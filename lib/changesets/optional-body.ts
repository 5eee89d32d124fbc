// Actions (rebase, publish, revert) take an optional JSON body: none at all reads as {}.
import type { z } from 'zod';
import { parseBody } from '../api/parse';

export async function parseOptionalBody<S extends z.ZodType>(
  request: Request,
  schema: S,
): Promise<z.infer<S>> {
  const hasBody =
    (request.headers.get('content-type') ?? '') !== '' ||
    Number(request.headers.get('content-length') ?? '0') > 0;
  return hasBody ? parseBody(request, schema, 64 * 1024) : schema.parse({});
}
