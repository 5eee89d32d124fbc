import 'server-only';
import { ZodError } from 'zod';
import { buildRecord, writeAudit } from '../audit/record';
import { authenticate } from '../auth/authenticate';
import { authorize, isUnsafeMethod, requestSource } from '../auth/authorize';
import { type RequestContext, runWithContext } from '../auth/context';
import { withEtcdRanges } from '../auth/etcd-permissions';
import { accessFor } from '../auth/policy';
import { etcdClient, etcdConfig } from '../etcd/client';
import { clusterForRequest } from '../etcd/cluster-context';
import { logger } from '../log/logger';
import { metrics } from '../metrics/registry';
import { ApiError } from './errors';
import { apiErrorFromEtcd } from './etcd-errors';

export type RouteParams = Record<string, string | string[] | undefined>;
export type RouteContext = { params: Promise<RouteParams> };
type Handler = (request: Request, context: RouteContext) => Promise<Response> | Response;

/**
 * Wraps every /api/v1 handler: the one place for authentication, authorization (lib/auth/policy.ts),
 * the audit of changes, error mapping, logging and metrics.
 */
export function route(name: string, handler: Handler) {
  return async (request: Request, context: RouteContext): Promise<Response> => {
    const started = performance.now();
    let response: Response;
    try {
      response = await serve(name, handler, request, context);
    } catch (error) {
      response = errorResponse(error, name);
    }
    const m = metrics();
    m.httpRequests.inc({ route: name, method: request.method, status: String(response.status) });
    m.httpDuration.observe({ route: name, method: request.method }, (performance.now() - started) / 1000);
    return response;
  };
}

async function serve(
  name: string,
  handler: Handler,
  request: Request,
  context: RouteContext,
): Promise<Response> {
  const access = accessFor(name);
  const cluster = clusterForRequest(request);
  const ctx: RequestContext = {
    actor: null,
    source: requestSource(request),
    route: name,
    audited: false,
    cluster,
  };
  return runWithContext(ctx, async () => {
    // Tokens live in the cluster they were made for, so the cluster is chosen before authentication.
    const { actor, expired } = await authenticate(request);
    const denied = authorize(request, access, actor, expired);
    if (denied) return denied.toResponse();
    ctx.actor = actor;
    // etcd login mode: what etcd lets this user read bounds every listing and stream (read with their credentials).
    if (actor?.etcd) ctx.actor = await withEtcdRanges(actor, etcdClient(), etcdConfig().prefix);
    const response = await handler(request, context);
    // Every change audits itself (in its transaction, or attempted-first); this only catches one that forgot.
    if (isUnsafeMethod(request.method) && access.kind === 'role' && response.ok && !ctx.audited) {
      await auditAfter(name, request, response.status);
    }
    return response;
  });
}

/**
 * The safety net: a change answered without an audit record of its own is a bug (it was made without one, and
 * could have been made while etcd refused the record). Say so loudly, then record it late rather than never.
 */
async function auditAfter(name: string, request: Request, status: number): Promise<void> {
  const url = new URL(request.url);
  const target = url.searchParams.get('key') ?? url.pathname.replace(/^\/api\/v1/, '');
  logger.error(
    { route: name, method: request.method, path: url.pathname },
    'a change answered without its own audit record (not in its transaction, not attempted first)',
  );
  try {
    await writeAudit(
      buildRecord(name, [Buffer.from(target)], {
        status,
        details: { method: request.method, path: url.pathname, late: true },
      }),
    );
  } catch (error) {
    logger.error({ err: error, route: name }, 'late audit record could not be written either');
  }
}

export function errorResponse(error: unknown, routeName: string): Response {
  if (error instanceof ZodError) {
    const first = error.issues[0];
    const where = first && first.path.length > 0 ? `${first.path.join('.')}: ` : '';
    return new ApiError('bad_request', `${where}${first?.message ?? 'invalid input'}`, {
      issues: error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
    }).toResponse();
  }
  const mapped = apiErrorFromEtcd(error);
  if (mapped) return mapped.toResponse();
  logger.error({ err: error, route: routeName }, 'unhandled error');
  return new ApiError('internal', 'Internal error; the server log has the details.').toResponse();
}
