'use client';
// Revalidation on several prefixes at once (the Services area watches every enabled layout's roots).
import { useEffect, useRef } from 'react';
import { useSWRConfig } from 'swr';
import { liveConnection, touches } from './connection';

/**
 * Revalidates SWR `keys` when anything under one of `prefixes` changes (coalesced to one refetch per `delayMs`),
 * and after a resync. An empty list watches nothing.
 */
export function useLiveRevalidatePrefixes(
  prefixes: readonly string[],
  keys: Array<string | null>,
  delayMs = 150,
): void {
  const { mutate } = useSWRConfig();
  const keysRef = useRef(keys);
  keysRef.current = keys;
  // One subscription per distinct set of prefixes, however often the caller rebuilds the array.
  const joined = [...new Set(prefixes)].sort().join('\u0000');
  useEffect(() => {
    if (joined === '') return;
    const watched = joined.split('\u0000');
    let timer: ReturnType<typeof setTimeout> | null = null;
    const revalidate = () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        for (const key of keysRef.current) if (key) void mutate(key);
      }, delayMs);
    };
    const offChange = liveConnection().onChange((message) => {
      if (message.events.some((e) => watched.some((p) => touches(e, p)))) revalidate();
    });
    const offResync = liveConnection().onResync(revalidate);
    return () => {
      offChange();
      offResync();
      if (timer) clearTimeout(timer);
    };
  }, [joined, delayMs, mutate]);
}
