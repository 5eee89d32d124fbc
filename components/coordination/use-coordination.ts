'use client';
// Data hooks of the Coordination page: the API's answers, stamped with when they arrived (TTL countdowns tick from
// that), re-read when the watch stream shows a change to a listed prefix or a new recipe key, and polled for TTLs.
import { useRef } from 'react';
import useSWR, { useSWRConfig } from 'swr';
import {
  type CoordinationDetail,
  type CoordinationKind,
  type CoordinationList,
  coordinationKeys,
} from '@/lib/client/coordination-api';
import { swrFetcher } from '@/lib/client/fetcher';
import { useLiveEvents } from '@/lib/live/use-live';
import type { ChangeEvent } from '@/lib/watch/messages';

export type Timed<T> = T & { receivedAt: number };

const timed = <T>(url: string) =>
  swrFetcher<T>(url).then((d): Timed<T> => ({ ...d, receivedAt: Date.now() }));

/** Keepalives make no events: re-read TTLs now and then. */
const TTL_POLL_MS = 3000;

/** A key `<prefix>/<hex>` on a lease, or `…/leader` on a lease: maybe a new election, lock or Patroni leader. */
function mayBeNew(event: ChangeEvent): boolean {
  if (event.type !== 'put' || event.lease === '0' || event.keyEncoding === 'base64') return false;
  const last = event.key.slice(event.key.lastIndexOf('/') + 1);
  return last === BigInt(event.lease).toString(16) || last === 'leader';
}

/** Re-reads `keys` (coalesced) on events under one of `prefixes`, or that may start a new entry. */
function useCoordinationLive(prefixes: string[], keys: string[], delayMs = 100): void {
  const { mutate } = useSWRConfig();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const state = useRef({ prefixes, keys });
  state.current = { prefixes, keys };
  const revalidate = () => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      for (const key of state.current.keys) void mutate(key);
    }, delayMs);
  };
  useLiveEvents(
    '',
    (events) => {
      const dirs = state.current.prefixes.map((p) => `${p}/`);
      if (events.some((e) => mayBeNew(e) || dirs.some((d) => e.key.startsWith(d)))) revalidate();
    },
    revalidate,
  );
}

export function useCoordinationList(fallback?: Timed<CoordinationList>) {
  const { data, error, isLoading } = useSWR<Timed<CoordinationList>>(coordinationKeys.list, timed, {
    fallbackData: fallback,
    refreshInterval: TTL_POLL_MS,
    dedupingInterval: 500,
    keepPreviousData: true,
  });
  useCoordinationLive(data?.entries.map((e) => e.prefix) ?? [], [coordinationKeys.list]);
  return { data, error, isLoading };
}

export function useCoordinationDetail(prefix: string, kind: CoordinationKind) {
  const key = coordinationKeys.detail(prefix, kind);
  const { data, error, isLoading } = useSWR<Timed<CoordinationDetail>>(key, timed, {
    refreshInterval: TTL_POLL_MS,
    dedupingInterval: 500,
    keepPreviousData: true,
  });
  useCoordinationLive([prefix], [key]);
  return { data, error, isLoading };
}
