// Layout settings live under /_console/: only callers who may read all of it (unscoped admins) see or change them.
import { ApiError } from '../api/errors';
import { mayReadPrefix } from '../auth/access';
import { currentActor } from '../auth/context';

export const LAYOUTS_PREFIX = '/_console/layouts/';

export function assertLayoutsAdmin(): void {
  const actor = currentActor();
  if (!mayReadPrefix(LAYOUTS_PREFIX) || (actor !== null && actor.prefixes.length > 0)) {
    throw new ApiError('forbidden', 'Layout settings are for admins without a prefix scope.');
  }
}
