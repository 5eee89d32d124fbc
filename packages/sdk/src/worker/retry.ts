// Retries an etcd write through short outages: results must not be dropped because etcd blinked.
import { isEtcdUnavailable } from '@etcd-console/core/etcd';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `call` until it succeeds, throws a non-transient error, or `stop()` turns true.
 * Transient means etcd was unreachable; the call may or may not have applied, so `call` must be idempotent
 * or able to recognise its own earlier success.
 */
export async function retryTransient<T>(
  call: () => Promise<T>,
  stop: () => boolean,
  maxDelayMs = 2000,
): Promise<T> {
  let delay = 100;
  for (;;) {
    try {
      return await call();
    } catch (error) {
      if (!isEtcdUnavailable(error) || stop()) throw error;
      await sleep(delay);
      delay = Math.min(maxDelayMs, delay * 2);
    }
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
