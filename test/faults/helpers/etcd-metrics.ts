// Reads etcd's own Prometheus metrics (each member's /metrics), to see watches, streams and leases from etcd's side.

/** Sum of every sample of `name` whose labels include all of `labels`. */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = m[2] ?? '';
    if (Object.entries(labels).every(([k, v]) => have.includes(`${k}="${v}"`))) sum += Number(m[3]);
  }
  return sum;
}

export async function metricsText(url: string): Promise<string> {
  const res = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5000) });
  return res.text();
}

export type EtcdCounts = {
  watchers: number;
  watchStreams: number;
  leasesGranted: number;
  leasesRevoked: number;
};

/** Watchers and watch streams summed over members; lease counters from the first member (they replicate). */
export async function etcdCounts(clientUrls: string[]): Promise<EtcdCounts> {
  const texts = await Promise.all(clientUrls.map(metricsText));
  const sum = (name: string) => texts.reduce((n, t) => n + sample(t, name), 0);
  return {
    watchers: sum('etcd_debugging_mvcc_watcher_total'),
    watchStreams: sum('etcd_debugging_mvcc_watch_stream_total'),
    leasesGranted: sample(texts[0]!, 'etcd_debugging_lease_granted_total'),
    leasesRevoked: sample(texts[0]!, 'etcd_debugging_lease_revoked_total'),
  };
}
