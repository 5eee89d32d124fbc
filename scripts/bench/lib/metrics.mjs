// Reads the console's Prometheus text (GET /api/v1/metrics): gauges, and histograms as mean latencies.
import { request } from './http.mjs';

/**
 * @param {string} consoleUrl
 * @returns {Promise<Map<string, number>>} series (name plus labels, as written) → value
 */
export async function scrape(consoleUrl) {
  const res = await request(`${consoleUrl}/api/v1/metrics`, { headers: { accept: 'text/plain' } });
  if (res.status !== 200) throw new Error(`GET /api/v1/metrics answered ${res.status}`);
  const series = new Map();
  for (const line of res.body.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const cut = line.lastIndexOf(' ');
    series.set(line.slice(0, cut), Number(line.slice(cut + 1)));
  }
  return series;
}

/**
 * @param {Map<string, number>} series
 * @param {string} name
 */
export function gauge(series, name) {
  return series.get(name) ?? Number.NaN;
}

/**
 * Mean and count of each labelled histogram series, e.g. etcd call latency per gRPC method.
 * @param {Map<string, number>} series
 * @param {string} name histogram name without _sum/_count
 * @returns {Array<{ labels: string, count: number, meanMs: number, totalMs: number }>}
 */
export function histogramMeans(series, name) {
  const out = [];
  for (const [key, value] of series) {
    if (!key.startsWith(`${name}_count`)) continue;
    const labels = key.slice(`${name}_count`.length);
    const sum = series.get(`${name}_sum${labels}`) ?? 0;
    if (value > 0) out.push({ labels, count: value, meanMs: (sum / value) * 1000, totalMs: sum * 1000 });
  }
  return out.sort((a, b) => b.totalMs - a.totalMs);
}

/**
 * The change of every series between two scrapes (counters and histogram buckets grow; gauges may not).
 * @param {Map<string, number>} before
 * @param {Map<string, number>} after
 */
export function difference(before, after) {
  const out = new Map();
  for (const [key, value] of after) out.set(key, value - (before.get(key) ?? 0));
  return out;
}

/**
 * One line on where a window's time went: route latency and the console's etcd calls by method.
 * @param {Map<string, number>} delta from difference()
 * @param {string} route
 */
export function timeSplit(delta, route) {
  const http = histogramMeans(delta, 'etcd_console_http_request_duration_seconds').find((h) =>
    h.labels.includes(`route="${route}"`),
  );
  const etcd = histogramMeans(delta, 'etcd_console_etcd_call_duration_seconds')
    .filter((h) => h.count >= 1)
    .map(
      (h) =>
        `${/method="([^"]+)"/.exec(h.labels)?.[1]} ${h.count}× mean ${Math.round(h.meanMs * 100) / 100} ms`,
    );
  return {
    requests: http?.count ?? 0,
    routeMeanMs: http ? Math.round(http.meanMs * 100) / 100 : Number.NaN,
    etcd,
  };
}
