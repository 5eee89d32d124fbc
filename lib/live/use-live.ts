'use client';
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { useSWRConfig } from 'swr';
import type { ChangeEvent } from '../watch/messages';
import { type LiveState, liveConnection, touches } from './connection';

/** The tab's live connection state, for the header indicator. */
export function useLiveState(): LiveState {
  return useSyncExternalStore(
    (notify) => liveConnection().onState(notify),
    () => liveConnection().state,
    () => 'connecting' as LiveState,
  );
}

/** Calls `onEvents` with the events under `prefix` of each revision, and `onResync` when history was lost. */
export function useLiveEvents(
  prefix: string | null,
  onEvents: (events: ChangeEvent[], revision: number) => void,
  onResync?: () => void,
): void {
  const handlers = useRef({ onEvents, onResync });
  handlers.current = { onEvents, onResync };
  useEffect(() => {
    if (prefix === null) return;
    const offChange = liveConnection().onChange((message) => {
      const events = message.events.filter((e) => touches(e, prefix));
      if (events.length > 0) handlers.current.onEvents(events, message.revision);
    });
    const offResync = liveConnection().onResync(() => handlers.current.onResync?.());
    return () => {
      offChange();
      offResync();
    };
  }, [prefix]);
}

/**
 * Revalidates SWR keys when anything under `prefix` changes (coalesced to one refetch per `delayMs`),
 * and after a resync. The simplest way to keep a page exact: etcd stays the source of truth.
 */
export function useLiveRevalidate(prefix: string | null, keys: Array<string | null>, delayMs = 150): void {
  const { mutate } = useSWRConfig();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const keysRef = useRef(keys);
  keysRef.current = keys;
  const revalidate = () => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      for (const key of keysRef.current) if (key) void mutate(key);
    }, delayMs);
  };
  useLiveEvents(prefix, revalidate, revalidate);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
}
