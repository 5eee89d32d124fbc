// Login attempts: a few failures per user and address per window, then 429 until the window passes. The address
// is the front door's (lib/auth/peer.ts), so a forged X-Forwarded-For neither dodges the limit nor locks the
// real user out from another address.
import { z } from 'zod';
import { readEnv } from '../etcd/env';

const limitsSchema = z.object({
  LOGIN_WINDOW_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .max(24 * 3600_000)
    .default(60_000),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
});

export type LoginLimits = { windowMs: number; maxFailures: number };

/** LOGIN_WINDOW_MS and LOGIN_MAX_FAILURES; a bad value is a ConfigError naming the variable. */
export function readLoginLimits(env: Record<string, string | undefined> = process.env): LoginLimits {
  const e = readEnv(limitsSchema, env);
  return { windowMs: e.LOGIN_WINDOW_MS, maxFailures: e.LOGIN_MAX_FAILURES };
}

/** At most this many user+address entries; past it the oldest is forgotten. */
export const MAX_TRACKED = 10_000;

let limits: LoginLimits | undefined;
const failures = new Map<string, number[]>();

function currentLimits(): LoginLimits {
  limits ??= readLoginLimits();
  return limits;
}

function keyOf(user: string, source: string): string {
  return `${source}\u0000${user}`;
}

function recent(key: string, now: number): number[] {
  const { windowMs } = currentLimits();
  const kept = (failures.get(key) ?? []).filter((t) => now - t < windowMs);
  if (kept.length === 0) failures.delete(key);
  return kept;
}

/** Seconds to wait, or 0 when another attempt is allowed. */
export function loginRetryAfter(user: string, source: string, now = Date.now()): number {
  const { windowMs, maxFailures } = currentLimits();
  const times = recent(keyOf(user, source), now);
  if (times.length < maxFailures) return 0;
  return Math.max(1, Math.ceil((times[times.length - maxFailures]! + windowMs - now) / 1000));
}

export function recordLoginFailure(user: string, source: string, now = Date.now()): void {
  const key = keyOf(user, source);
  // Only the last maxFailures count, so one entry stays small however hard it is hammered.
  const times = [...recent(key, now), now].slice(-currentLimits().maxFailures);
  failures.delete(key);
  failures.set(key, times);
  if (failures.size > MAX_TRACKED) {
    const oldest = failures.keys().next().value;
    if (oldest !== undefined) failures.delete(oldest);
  }
}

export function clearLoginFailures(user: string, source: string): void {
  failures.delete(keyOf(user, source));
}

/** Tests: how many user+address entries are held. */
export function trackedLoginFailures(): number {
  return failures.size;
}

/** Tests: read the limits again and forget every failure. */
export function resetLoginLimits(): void {
  limits = undefined;
  failures.clear();
}
