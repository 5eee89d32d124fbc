// A closed-loop load generator: `concurrency` loops each run `op` back to back for `durationMs`.
// The console and its etcd baseline are driven by this same loop, so both pay the same client-side cost.

/**
 * @param {{ concurrency: number, durationMs: number, warmupMs?: number, op: (loop: number) => Promise<void> }} options
 * @returns {Promise<{ ops: number, total: number, errors: number, firstError: string | null, seconds: number, throughput: number, latencies: number[] }>}
 */
export async function closedLoop({ concurrency, durationMs, warmupMs = 0, op }) {
  /** @type {number[]} */
  const latencies = [];
  let errors = 0;
  /** @type {string | null} */
  let firstError = null;
  const warmEnd = performance.now() + warmupMs;
  const end = warmEnd + durationMs;
  let measuredOps = 0;
  let total = 0;
  const loop = async (/** @type {number} */ i) => {
    while (performance.now() < end) {
      const started = performance.now();
      try {
        await op(i);
      } catch (error) {
        errors += 1;
        firstError ??= error instanceof Error ? error.message : String(error);
        continue;
      }
      total += 1;
      if (started >= warmEnd) {
        latencies.push(performance.now() - started);
        measuredOps += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, i) => loop(i)));
  const seconds = durationMs / 1000;
  return {
    ops: measuredOps,
    total,
    errors,
    firstError,
    seconds,
    throughput: measuredOps / seconds,
    latencies,
  };
}
