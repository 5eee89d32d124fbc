// Polls an HTTP health URL and reports each result, saying when it changed (never two checks at once).

export type HealthCheckOptions = {
  url: string;
  intervalMs: number;
  /** Told every result; `changed` on the first one and whenever it differs from the one before. */
  onResult: (healthy: boolean, detail: string, changed: boolean) => void;
};

export type HealthCheck = { stop: () => void };

/** Passing: a 2xx answer within the interval (at most 10 s). Anything else fails. */
export async function probe(url: string, timeoutMs: number): Promise<{ healthy: boolean; detail: string }> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    await res.body?.cancel();
    return { healthy: res.status >= 200 && res.status < 300, detail: `HTTP ${res.status}` };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { healthy: false, detail: cause ?? (error instanceof Error ? error.message : String(error)) };
  }
}

export function startHealthCheck(options: HealthCheckOptions): HealthCheck {
  const timeoutMs = Math.min(options.intervalMs, 10_000);
  let last: boolean | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const run = async () => {
    const result = await probe(options.url, timeoutMs);
    if (stopped) return;
    const changed = result.healthy !== last;
    last = result.healthy;
    options.onResult(result.healthy, result.detail, changed);
    timer = setTimeout(run, options.intervalMs);
  };
  void run();
  return {
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
