import 'server-only';

// What etcd reports only on its Prometheus endpoint: the backend quota (--quota-backend-bytes).

const METRICS_TIMEOUT_MS = 1000;
/** The quota changes only when a member restarts with another flag. */
const QUOTA_TTL_MS = 30_000;

type Cached = { quotaBytes: number | null; at: number };

const holder = globalThis as typeof globalThis & { __etcdMemberQuota?: Map<string, Cached> };

/** The value of one unlabelled gauge in Prometheus text, or null when absent. */
export function readGauge(text: string, name: string): number | null {
  const match = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  if (!match?.[1]) return null;
  const value = Number(match[1]);
  return Number.isFinite(value) ? value : null;
}

async function fetchQuota(clientUrl: string): Promise<number | null> {
  try {
    const res = await fetch(new URL('/metrics', clientUrl), {
      signal: AbortSignal.timeout(METRICS_TIMEOUT_MS),
    });
    if (!res.ok) return null;
    return readGauge(await res.text(), 'etcd_server_quota_backend_bytes');
  } catch {
    // TLS with a private CA, metrics on another listener, or the member is down: the quota stays unknown.
    return null;
  }
}

/** The member's backend quota in bytes from its /metrics (cached briefly), or null when it cannot be read. */
export async function readMemberQuota(clientUrl: string): Promise<number | null> {
  holder.__etcdMemberQuota ??= new Map();
  const cache = holder.__etcdMemberQuota;
  const cached = cache.get(clientUrl);
  if (cached && cached.quotaBytes !== null && Date.now() - cached.at < QUOTA_TTL_MS) return cached.quotaBytes;
  const quotaBytes = await fetchQuota(clientUrl);
  cache.set(clientUrl, { quotaBytes, at: Date.now() });
  return quotaBytes;
}
