'use client';
import useSWR from 'swr';
import { swrFetcher } from '../client/fetcher';
import type { Overview } from '../cluster/overview';

export function useOverview(fallbackData?: Overview) {
  const { data, error, isLoading, mutate } = useSWR<Overview>('/api/v1/overview', swrFetcher, {
    fallbackData,
    refreshInterval: 5000,
  });
  return { data, error, isLoading, mutate };
}
