'use client';
// The change set pages' data. Records live under /_console/ (the live stream shows those to unscoped admins only),
// so a set is kept current by its own keys over the live stream plus a short refresh interval for the record.
import useSWR from 'swr';
import {
  type CanaryAnswer,
  type ChangeSetAnswer,
  type ChangeSetList,
  changesetsKeys,
  type ReviewAnswer,
} from '@/lib/client/changesets-api';
import { swrFetcher } from '@/lib/client/fetcher';
import { useLiveRevalidatePrefixes } from '@/lib/live/use-live-prefixes';

const REFRESH_MS = 3000;

export function useChangeSetList(state: string) {
  const url = `${changesetsKeys.list}?limit=500${state ? `&state=${encodeURIComponent(state)}` : ''}`;
  const { data, error, isLoading, mutate } = useSWR<ChangeSetList>(url, swrFetcher, {
    refreshInterval: REFRESH_MS,
  });
  return { list: data?.changesets, error, isLoading, mutate };
}

export function useChangeSet(id: string) {
  const recordUrl = changesetsKeys.one(id);
  const reviewUrl = changesetsKeys.review(id);
  const canaryUrl = changesetsKeys.canary(id);
  const options = { refreshInterval: REFRESH_MS };
  const record = useSWR<ChangeSetAnswer>(recordUrl, swrFetcher, options);
  const review = useSWR<ReviewAnswer>(reviewUrl, swrFetcher, options);
  const canary = useSWR<CanaryAnswer>(canaryUrl, swrFetcher, options);
  const keys = review.data?.edits.filter((e) => e.keyEncoding !== 'base64').map((e) => e.key) ?? [];
  useLiveRevalidatePrefixes(keys, [recordUrl, reviewUrl, canaryUrl], 300);
  const refresh = () => {
    void record.mutate();
    void review.mutate();
    void canary.mutate();
  };
  return {
    changeset: record.data,
    review: review.data,
    canary: canary.data,
    error: record.error ?? review.error,
    isLoading: record.isLoading,
    refresh,
  };
}
