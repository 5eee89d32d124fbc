import 'server-only';
import { ZodError } from 'zod';
import { logger } from '../log/logger';
import { metrics } from '../metrics/registry';
import { ApiError } from './errors';
import { apiErrorFromEtcd } from './etcd-errors';

export type RouteParams = Record<string, string | string[] | undefined>;
export type RouteContext = { params: Promise<RouteParams> };
type Handler = (request: Request, context: RouteContext) => Promise<Response> | Response;

/** Wraps every /api/v1 handler: one place for error mapping, logging and metrics (and, later, auth). */
export function route(name: string, handler: Handler) {
  return async (request: Request, context: RouteContext): Promise<Response> => {
    const started = performance.now();
    let response: Response;
    try {
      response = await handler(request, context);
    } catch (error) {
      response = errorResponse(error, name);
    }
    const m = metrics();
    m.httpRequests.inc({ route: name, method: request.method, status: String(response.status) });
    m.httpDuration.observe({ route: name, method: request.method }, (performance.now() - started) / 1000);
    return response;
  };
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
