// Which subscribers a key or prefix concerns: a subscriber sees every key that starts with its prefix.
import { STATUS_ROOT } from '@etcd-console/core/config';

/** The subscriber receives changes to `key` (the SDK ignores the status area). */
export function coversKey(subscriberPrefix: string, key: string): boolean {
  return key.startsWith(subscriberPrefix) && !key.startsWith(STATUS_ROOT);
}

/** full: the subscriber sees all of `prefix`; partial: it sees a part of it; null: none of it. */
export function coverageOf(subscriberPrefix: string, prefix: string): 'full' | 'partial' | null {
  if (prefix.startsWith(subscriberPrefix)) return 'full';
  if (subscriberPrefix.startsWith(prefix)) return 'partial';
  return null;
}
