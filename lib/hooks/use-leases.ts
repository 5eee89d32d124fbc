'use client';
import { useEffect } from 'react';
import useSWR from 'swr';
import useSWRInfinite, { unstable_serialize } from 'swr/infinite';
import type { z } from 'zod';
import { fetchJson } from '../client/fetcher';
import type { leaseDetail, leaseKey, leaseList, leaseSummary } from '../cluster/lease-schemas';
import { useLiveRevalidate } from '../live/use-live';

export type LeaseKey = z.infer<typeof leaseKey>;
export type LeaseSummary = z.infer<typeof leaseSummary>;
/** `receivedAt` (ms) anchors the TTL countdown: remaining = ttl − seconds since then. */
export type LeaseListView = z.infer<typeof leaseList> & { receivedAt: number };
/** A lease of the list with the `receivedAt` of the page it came on. */
export type LeaseRow = LeaseSummary & { receivedAt: number };
export type LeaseDetailView = z.infer<typeof leaseDetail> & { receivedAt: number };

export const LEASES_URL = '/api/v1/leases';
export const leaseUrl = (id: string) => `/api/v1/leases/${id}`;

const POLL_MS = 5000;

const stamped = <T>(url: string) => fetchJson<T>(url).then((data) => ({ ...data, receivedAt: Date.now() }));

/** The first page, then each next one after the `nextAfter` of the page before it. */
const leasePageKey = (index: number, previous: LeaseListView | null) => {
  if (index === 0) return LEASES_URL;
  return previous?.nextAfter ? `${LEASES_URL}?after=${encodeURIComponent(previous.nextAfter)}` : null;
};

/**
 * The leases with their TTLs and attached keys, a page at a time ("show more"). Attached keys changing (puts,
 * expiry) refetch the first page at once; granting or revoking a bare lease is no keyspace event, and a kept-alive
 * lease's TTL moves without one, so every page shown is also polled.
 */
export function useLeases() {
  const result = useSWRInfinite<LeaseListView>(leasePageKey, stamped, { keepPreviousData: true });
  const { data, error, size, setSize, mutate } = result;
  useLiveRevalidate('', [unstable_serialize(leasePageKey)], 300);
  // mutate() with no argument reads every loaded page again; a hidden tab waits.
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void mutate();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [mutate]);

  const pages = data ?? [];
  const first = pages[0];
  const more = Boolean(pages.at(-1)?.nextAfter);
  const leases: LeaseRow[] = pages.flatMap((p) => p.leases.map((l) => ({ ...l, receivedAt: p.receivedAt })));
  return {
    /** Every lease of the pages loaded, by ascending ID; undefined until the first page came. */
    leases: first ? leases : undefined,
    error,
    isLoading: result.isLoading,
    /**
     * Leases etcd holds, when the answer tells: a caller that may not read everything gets the count of its page
     * instead, which is never more than the page holds, while one that may read everything gets more once a
     * page follows.
     */
    total:
      first && (first.total > first.leases.length || !more) ? Math.max(first.total, leases.length) : null,
    more,
    /** A next page was asked for and has not come yet. */
    loadingMore: Boolean(data) && size > pages.length && !error,
    loadMore: () => setSize(pages.length + 1),
    mutate,
  };
}

/** One lease with every attached key; a 404 means it expired or was revoked. */
export function useLease(id: string | null) {
  const key = id ? leaseUrl(id) : null;
  const result = useSWR<LeaseDetailView>(key, stamped, {
    refreshInterval: (data) => (data ? Math.min(5000, Math.max(1000, data.grantedTtl * 500)) : 5000),
    shouldRetryOnError: false,
  });
  useLiveRevalidate(id ? '' : null, [key], 300);
  return result;
}
