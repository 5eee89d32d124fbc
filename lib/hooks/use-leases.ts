'use client';
import useSWR from 'swr';
import type { z } from 'zod';
import { fetchJson } from '../client/fetcher';
import type { leaseDetail, leaseKey, leaseList, leaseSummary } from '../cluster/lease-schemas';
import { useLiveRevalidate } from '../live/use-live';

export type LeaseKey = z.infer<typeof leaseKey>;
export type LeaseSummary = z.infer<typeof leaseSummary>;
/** `receivedAt` (ms) anchors the TTL countdown: remaining = ttl − seconds since then. */
export type LeaseListView = z.infer<typeof leaseList> & { receivedAt: number };
export type LeaseDetailView = z.infer<typeof leaseDetail> & { receivedAt: number };

export const LEASES_URL = '/api/v1/leases';
export const leaseUrl = (id: string) => `/api/v1/leases/${id}`;

const stamped = <T>(url: string) => fetchJson<T>(url).then((data) => ({ ...data, receivedAt: Date.now() }));

/**
 * Every lease with its TTLs and attached keys. Granting or revoking a bare lease is no keyspace event,
 * so the list is also polled; attached keys changing (puts, expiry) refetch at once.
 */
export function useLeases() {
  const result = useSWR<LeaseListView>(LEASES_URL, stamped, {
    refreshInterval: 5000,
    keepPreviousData: true,
  });
  useLiveRevalidate('', [LEASES_URL], 300);
  return result;
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
