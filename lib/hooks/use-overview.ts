'use client';
import useSWR from 'swr';
import { swrFetcher } from '../client/fetcher';
import type { Overview } from '../cluster/overview';
import { useLiveRevalidate } from '../live/use-live';

export function useOverview(fallbackData?: Overview) {
  const { data, error, isLoading, mutate } = useSWR<Overview>('/api/v1/overview', swrFetcher, {
    fallbackData,
    refreshInterval: 10_000,
  });
  // Any change in the keyspace moves the revision and counts: refetch, coalesced.
  useLiveRevalidate('', ['/api/v1/overview'], 300);
  return { data, error, isLoading, mutate };
}
