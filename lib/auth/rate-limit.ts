// Login attempts: a few failures per user and address per window, then 429 until the window passes.
const WINDOW_MS = Number(process.env.LOGIN_WINDOW_MS ?? 60_000);
const MAX_FAILURES = Number(process.env.LOGIN_MAX_FAILURES ?? 5);

const failures = new Map<string, number[]>();

function recent(key: string, now: number): number[] {
  const kept = (failures.get(key) ?? []).filter((t) => now - t < WINDOW_MS);
  if (kept.length > 0) failures.set(key, kept);
  else failures.delete(key);
  return kept;
}

/** Seconds to wait, or 0 when another attempt is allowed. */
export function loginRetryAfter(user: string, source: string, now = Date.now()): number {
  const times = recent(`${source}|${user}`, now);
  if (times.length < MAX_FAILURES) return 0;
  return Math.max(1, Math.ceil((times[0]! + WINDOW_MS - now) / 1000));
}

export function recordLoginFailure(user: string, source: string, now = Date.now()): void {
  const key = `${source}|${user}`;
  failures.set(key, [...recent(key, now), now]);
}

export function clearLoginFailures(user: string, source: string): void {
  failures.delete(`${source}|${user}`);
}
