import { z } from 'zod';
import { ApiError } from '../api/errors';
import { decodeBytes } from '../etcd/encoding';
import type { WatchTarget } from './shared-watch';

const revision = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

export const watchQuerySchema = z
  .object({
    prefix: z
      .string()
      .max(4096)
      .optional()
      .describe('Watch every key starting with this (empty = the whole keyspace)'),
    key: z.string().min(1).max(4096).optional().describe('Watch this one key'),
    encoding: z.enum(['utf8', 'base64']).default('utf8').describe('How prefix/key are written'),
    fromRevision: revision
      .optional()
      .describe('Replay from this revision (inclusive); Last-Event-ID takes precedence'),
  })
  .strict()
  .refine((q) => (q.prefix === undefined) !== (q.key === undefined), {
    message: 'give exactly one of prefix or key',
  });

export type WatchQuery = z.infer<typeof watchQuerySchema>;

export function watchTarget(query: WatchQuery): WatchTarget {
  try {
    if (query.key !== undefined) return { kind: 'key', bytes: decodeBytes(query.key, query.encoding) };
    return { kind: 'prefix', bytes: decodeBytes(query.prefix ?? '', query.encoding) };
  } catch {
    throw new ApiError('bad_request', 'prefix/key is not valid base64');
  }
}

/** Last-Event-ID is the last revision the browser saw; resume right after it. */
export function resumeRevision(request: Request, query: WatchQuery): number | undefined {
  const header = request.headers.get('last-event-id');
  if (header !== null && header.trim() !== '') {
    const parsed = revision.safeParse(header.trim());
    if (!parsed.success) throw new ApiError('bad_request', 'Last-Event-ID must be a revision number');
    return parsed.data + 1;
  }
  return query.fromRevision;
}
