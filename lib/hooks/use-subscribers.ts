'use client';
import useSWR from 'swr';
import { swrFetcher } from '../client/fetcher';
import { type KeyRef, keyQuery } from '../client/kv-api';
import { useLiveRevalidate } from '../live/use-live';
import type { PropagationResponse, SubscribersResponse } from '../subscribers/schemas';

/** Live subscribers whose prefix covers a key, with their applied revision and lag. */
export function useSubscribers(ref: KeyRef | null) {
  const q = ref
    ? `prefix=${encodeURIComponent(ref.key)}${ref.keyEncoding === 'base64' ? '&keyEncoding=base64' : ''}`
    : null;
  const key = q ? `/api/v1/subscribers?${q}` : null;
  const result = useSWR<SubscribersResponse>(key, swrFetcher, { refreshInterval: 5000 });
  useLiveRevalidate(key ? '/subscribers/' : null, [key]);
  return result;
}

/** How far one revision of a key has propagated: applied, pending, errored. */
export function usePropagation(ref: KeyRef | null, revision: number | undefined) {
  const key =
    ref && revision ? `/api/v1/subscribers/propagation?${keyQuery(ref)}&revision=${revision}` : null;
  const result = useSWR<PropagationResponse>(key, swrFetcher, { refreshInterval: 3000 });
  useLiveRevalidate(key ? '/subscribers/' : null, [key], 100);
  return result;
}
