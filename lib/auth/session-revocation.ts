import 'server-only';
// Logout that ends a session everywhere: /_console/sessions/revoked/<jti> in etcd, on a lease that lasts until
// the session would have expired anyway. Kept in the default cluster, whichever cluster the browser selected.
import { ApiError } from '../api/errors';
import { etcdSystemKv } from '../etcd/client';
import { defaultClusterName } from '../etcd/cluster-context';
import { logger } from '../log/logger';
import { requestContext, runWithContext } from './context';
import type { Session } from './session';

export const REVOKED_SESSIONS = '/_console/sessions/revoked/';

/** Revoked ids are cached until evicted; "not revoked" answers for a second, so another replica's logout holds within one. */
const MAX_ENTRIES = 10_000;
const NOT_REVOKED_FRESH_MS = 1000;
/** When etcd cannot be asked, a "not revoked" answer this recent still stands (a leader election, a blip). */
const NOT_REVOKED_STALE_OK_MS = 30_000;
/** Beyond the cookie's 5 s clock tolerance, and some skew between replicas. */
const LEASE_MARGIN_SECONDS = 30;

const holder = globalThis as typeof globalThis & {
  __revokedSessions?: Map<string, true>;
  __liveSessions?: Map<string, number>;
};

function revokedCache(): Map<string, true> {
  holder.__revokedSessions ??= new Map();
  return holder.__revokedSessions;
}

function liveCache(): Map<string, number> {
  holder.__liveSessions ??= new Map();
  return holder.__liveSessions;
}

/** Insert or refresh at the young end; the oldest goes beyond MAX_ENTRIES. */
function remember<V>(cache: Map<string, V>, key: string, value: V): void {
  cache.delete(key);
  cache.set(key, value);
  if (cache.size > MAX_ENTRIES) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
}

function inDefaultCluster<T>(fn: () => Promise<T>): Promise<T> {
  const context = requestContext();
  return runWithContext(
    {
      actor: null,
      source: context?.source ?? 'unknown',
      route: context?.route ?? 'session',
      audited: false,
      cluster: defaultClusterName(),
    },
    fn,
  );
}

/** Ends the session on every replica. */
export async function revokeSession(session: Session, now = Date.now()): Promise<void> {
  const ttl = Math.ceil((session.expiresAt - now) / 1000) + LEASE_MARGIN_SECONDS;
  remember(revokedCache(), session.jti, true);
  liveCache().delete(session.jti);
  await inDefaultCluster(async () => {
    const lease = etcdSystemKv().lease(ttl, { autoKeepAlive: false });
    try {
      await lease
        .put(`${REVOKED_SESSIONS}${session.jti}`)
        .value(JSON.stringify({ user: session.user, revokedAt: new Date(now).toISOString() }));
    } finally {
      // Stop tracking the lease here; etcd lets it (and the key) expire with the session.
      lease.release();
    }
  });
}

/** Whether the session was logged out, on this replica or any other. */
export async function isSessionRevoked(session: Session, now = Date.now()): Promise<boolean> {
  const { jti } = session;
  if (revokedCache().has(jti)) return true;
  const checkedAt = liveCache().get(jti);
  if (checkedAt !== undefined && now - checkedAt < NOT_REVOKED_FRESH_MS) return false;
  let revoked: boolean;
  try {
    // Serializable: any member answers, even during a leader election.
    const raw = await inDefaultCluster(() =>
      etcdSystemKv().get(`${REVOKED_SESSIONS}${jti}`).serializable(true).string(),
    );
    revoked = raw !== null;
  } catch (error) {
    if (checkedAt !== undefined && now - checkedAt < NOT_REVOKED_STALE_OK_MS) return false;
    logger.warn({ err: error }, 'cannot check a session against etcd');
    throw new ApiError('etcd_unavailable', 'Cannot check your session against etcd right now: try again.');
  }
  if (revoked) {
    remember(revokedCache(), jti, true);
    liveCache().delete(jti);
  } else {
    remember(liveCache(), jti, now);
  }
  return revoked;
}

/** Tests: behave like a replica that has seen nothing yet. */
export function forgetSessionChecks(): void {
  delete holder.__revokedSessions;
  delete holder.__liveSessions;
}
