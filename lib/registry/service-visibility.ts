// Who may see a service: its instances are keys, so the key scope decides (lib/auth/access.ts).

import { serviceDir } from '@etcd-console/core/registry';
import { ApiError } from '../api/errors';
import { mayReadPrefix, prefixCoverage } from '../auth/access';

/**
 * A service of which the actor may read no instance answers 404, exactly like one that does not exist, so a scoped
 * caller learns no names. Only a caller who may read the whole service directory is told that a service is empty
 * (200 with no instances, or 503 from pick), as before. `dir` is the service's directory in its layout.
 */
export function assertServiceVisible(name: string, visibleInstances: number, dir = serviceDir(name)): void {
  if (visibleInstances === 0 && !mayReadPrefix(dir)) {
    throw new ApiError('not_found', `No service "${name}".`);
  }
}

/** Nothing of the service's directory is readable: answer 404 before reading anything (no timing to compare). */
export function assertServiceReadable(name: string, dir = serviceDir(name)): void {
  if (prefixCoverage(dir) === 'none') assertServiceVisible(name, 0, dir);
}
