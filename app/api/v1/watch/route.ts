import { parseQuery } from '@/lib/api/parse';
import { route } from '@/lib/api/route';
import { resumeRevision, watchQuerySchema, watchTarget } from '@/lib/watch/schemas';
import { scopeFilterFor } from '@/lib/watch/scope-filter';
import { watchResponse } from '@/lib/watch/sse-stream';

export const dynamic = 'force-dynamic';

// GET /api/v1/watch – Server-Sent Events: one "change" per etcd revision, resumable with Last-Event-ID
export const GET = route('watch', (request) => {
  const query = parseQuery(request, watchQuerySchema);
  const target = watchTarget(query);
  return watchResponse(request, target, resumeRevision(request, query), scopeFilterFor(target));
});
