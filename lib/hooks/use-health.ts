'use client';
import useSWR from 'swr';
import { swrFetcher } from '../client/fetcher';
import type { EtcdHealth } from '../cluster/health';

export type HealthResponse = { status: 'ok'; etcd: EtcdHealth };

export function useHealth() {
  const { data, error, isLoading } = useSWR<HealthResponse>('/api/v1/health', swrFetcher, {
    refreshInterval: 2000,
    shouldRetryOnError: true,
    errorRetryInterval: 2000,
  });
  return { data, error, isLoading };
}
