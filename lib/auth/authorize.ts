import 'server-only';
// The one gate every /api/v1 route passes: signed in, same origin for writes, role high enough, not read-only.
import { ApiError } from '../api/errors';
import { authConfig } from './auth-config';
import type { Actor } from './context';
import { isSameOrigin } from './origin';
import { trustedPeer, UNGATED_MESSAGE } from './peer';
import { type Access, roleAtLeast } from './policy';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isUnsafeMethod(method: string): boolean {
  return !safeMethods.has(method.toUpperCase());
}

/** Null when the request may proceed, otherwise the error to answer with. */
export function authorize(
  request: Request,
  access: Access,
  actor: Actor | null,
  expired: boolean,
): ApiError | null {
  if (access.kind === 'public') return null;
  if (!actor) {
    const bearer = request.headers.get('authorization')?.toLowerCase().startsWith('bearer ');
    if (authConfig().mode === 'none' && !bearer) return new ApiError('unauthorized', UNGATED_MESSAGE);
    return new ApiError(
      'unauthorized',
      expired
        ? 'Your session has ended (expired, signed out, or your user changed): sign in again.'
        : 'Sign in, or send an API token (Authorization: Bearer …).',
    );
  }
  if (isUnsafeMethod(request.method) && actor.via !== 'token' && !isSameOrigin(request)) {
    return new ApiError(
      'forbidden',
      'Cross-origin request refused: changes must come from the console itself or carry an API token.',
    );
  }
  if (!roleAtLeast(actor.role, access.role)) {
    return new ApiError('forbidden', `This needs the ${access.role} role; you are ${actor.role}.`);
  }
  if (access.writes && authConfig().readOnly) {
    return new ApiError('forbidden', 'The console is in read-only mode (CONSOLE_READ_ONLY).');
  }
  return null;
}

/** Where the request came from, for the audit trail and the login rate limit: the gate's word, or nothing. */
export function requestSource(request: Request): string {
  return trustedPeer(request.headers) ?? 'unknown';
}
