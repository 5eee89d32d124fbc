// Small statistics for the bench: percentiles of latency samples and the comparison of a figure to its baseline.

/**
 * @param {number[]} samples
 * @param {number} p 0..100
 */
export function percentile(samples, p) {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return /** @type {number} */ (sorted[rank]);
}

/** @param {number[]} samples */
export function median(samples) {
  return percentile(samples, 50);
}

/**
 * Latency summary in milliseconds.
 * @param {number[]} samples
 */
export function summarize(samples) {
  return {
    n: samples.length,
    p50: round(percentile(samples, 50)),
    p99: round(percentile(samples, 99)),
    max: round(samples.length ? samples.reduce((m, v) => Math.max(v, m), -Infinity) : Number.NaN),
  };
}

/** @param {number} value @param {number} [digits] */
export function round(value, digits = 1) {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** @param {number} figure @param {number} baseline */
export function ratio(figure, baseline) {
  if (!Number.isFinite(figure) || !Number.isFinite(baseline) || baseline === 0) return Number.NaN;
  return round(figure / baseline, 2);
}
