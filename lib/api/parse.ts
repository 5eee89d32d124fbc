// zod at the boundary: query strings, route params and JSON bodies.
import type { z } from 'zod';
import { ApiError } from './errors';
import type { RouteContext } from './route';

export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.infer<S> {
  const url = new URL(request.url);
  const raw: Record<string, string> = {};
  for (const [k, v] of url.searchParams) raw[k] = v;
  return schema.parse(raw);
}

export async function parseParams<S extends z.ZodType>(
  context: RouteContext,
  schema: S,
): Promise<z.infer<S>> {
  return schema.parse(await context.params);
}

/** Reads a JSON body no larger than maxBytes; 413 past it, 400 for malformed JSON, 415-like 400 for other types. */
export async function parseBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  maxBytes = 2 * 1024 * 1024,
): Promise<z.infer<S>> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new ApiError('bad_request', 'Send the body as application/json.');
  }
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw new ApiError('too_large', `The body exceeds ${maxBytes} bytes.`);
  const text = await readLimited(request, maxBytes);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ApiError('bad_request', 'The body is not valid JSON.');
  }
  return schema.parse(json);
}

async function readLimited(request: Request, maxBytes: number): Promise<string> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new ApiError('too_large', `The body exceeds ${maxBytes} bytes.`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
