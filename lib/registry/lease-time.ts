// Reading lease TTLs as etcd reports them (whole seconds, rounded down); shared by the API and the pages.

/**
 * True when less than half of the granted TTL is certainly left (etcd floors the remaining seconds), or the lease is
 * already gone while the key lingers. A kept-alive lease is refreshed every third of its TTL, so it never gets there.
 */
export function isExpiring(lease: string | null, ttl: number | null, grantedTtl: number | null): boolean {
  if (!lease) return false;
  if (ttl === null) return true;
  if (!grantedTtl) return false;
  return (ttl + 1) * 2 <= grantedTtl;
}

/**
 * etcd answers whole seconds, rounded down: the lease had between ttl and ttl + 1 seconds left. Count down from the
 * middle of that second and show the seconds rounded up, as a countdown does: it shows 0 only once time is up.
 */
export function secondsLeft(ttl: number, grantedTtl: number | null, elapsedSeconds: number): number {
  const left = Math.ceil(ttl + 0.5 - Math.max(0, elapsedSeconds));
  return Math.max(0, grantedTtl ? Math.min(grantedTtl, left) : left);
}
