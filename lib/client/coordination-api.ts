// Browser side of the coordination API: the URLs SWR caches by, and a link to one election, lock or Patroni cluster.
import type { CoordinationDetail, CoordinationList } from '../coordination/schemas';

export type { CoordinationDetail, CoordinationList };

export type CoordinationKind = 'recipe' | 'patroni';

export const coordinationKeys = {
  list: '/api/v1/coordination',
  detail: (prefix: string, kind: CoordinationKind) =>
    `/api/v1/coordination/detail?prefix=${encodeURIComponent(prefix)}&kind=${kind}`,
};

/** The Coordination page's address of one entry (the key browser links here). */
export function coordinationHref(prefix: string, kind: CoordinationKind = 'recipe'): string {
  return `/coordination?prefix=${encodeURIComponent(prefix)}&kind=${kind}`;
}
