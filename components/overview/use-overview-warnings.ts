'use client';
import useSWR from 'swr';
import type { z } from 'zod';
import { swrFetcher } from '@/lib/client/fetcher';
import type { warningsResponse } from '@/lib/metrics/domain/warnings';

export type OverviewWarnings = z.infer<typeof warningsResponse>;

/** The live warnings, polled: the server collects them at most every 5 s, whoever asks. */
export function useOverviewWarnings() {
  const { data, error, isLoading } = useSWR<OverviewWarnings>('/api/v1/overview/warnings', swrFetcher, {
    refreshInterval: 10_000,
  });
  return { data, error, isLoading };
}
