// The console's etcd calls so far, by gRPC method, from its own call metric (every unary call is observed there).
import { metrics } from '@/lib/metrics/registry';

export async function etcdCallCounts(): Promise<Record<string, number>> {
  const { values } = await metrics().etcdCallDuration.get();
  const out: Record<string, number> = {};
  for (const v of values) {
    if (!v.metricName?.endsWith('_count')) continue;
    const method = String(v.labels.method);
    out[method] = (out[method] ?? 0) + v.value;
  }
  return out;
}

/** Runs `work`: its result, and how many etcd calls of each method it made. */
export async function etcdCallsDuring<T>(
  work: () => Promise<T>,
): Promise<{ result: T; calls: (method: string) => number }> {
  const before = await etcdCallCounts();
  const result = await work();
  const after = await etcdCallCounts();
  return { result, calls: (method) => (after[method] ?? 0) - (before[method] ?? 0) };
}
