'use client';
import useSWR from 'swr';
import { swrFetcher } from '../client/fetcher';
import { servicesKeys } from '../client/services-api';
import { useLiveRevalidate } from '../live/use-live';
import type { ServiceDetail, ServiceList, ServiceTimeline } from '../registry/schemas';

// The registry's directories, as the live stream names them (without the console prefix).
const serviceDir = (name: string) => `/services/${name}/`;

/** Every service with its counts; live on /services/, and polled for lease TTLs (keepalives make no events). */
export function useServices(fallbackData?: ServiceList) {
  const { data, error, isLoading } = useSWR<ServiceList>(servicesKeys.list, swrFetcher, {
    fallbackData,
    // Often enough to catch a lease in the last half of its TTL (a few seconds for short ones).
    refreshInterval: 2000,
    dedupingInterval: 1000,
    keepPreviousData: true,
  });
  useLiveRevalidate('/services/', [servicesKeys.list]);
  return { data, error, isLoading };
}

/** A detail answer stamped with when it arrived, so TTL countdowns can tick from it. */
export type TimedServiceDetail = ServiceDetail & { receivedAt: number };

const timedFetcher = (url: string) =>
  swrFetcher<ServiceDetail>(url).then((d): TimedServiceDetail => ({ ...d, receivedAt: Date.now() }));

/** How often to re-read leases: as often as they are kept alive (a third of the shortest TTL), 1 to 5 seconds. */
function ttlRefreshMs(data: ServiceDetail | undefined): number {
  const granted = (data?.instances ?? []).map((i) => i.grantedTtl ?? 0).filter((t) => t > 0);
  if (granted.length === 0) return 5000;
  return Math.min(5000, Math.max(1000, (Math.min(...granted) * 1000) / 3));
}

/** One service's instances with TTLs: live on its directory, re-read while leases are kept alive. */
export function useService(name: string, fallbackData?: TimedServiceDetail) {
  const key = servicesKeys.detail(name);
  const { data, error, isLoading, mutate } = useSWR<TimedServiceDetail>(key, timedFetcher, {
    fallbackData,
    refreshInterval: (latest) => ttlRefreshMs(latest),
    // SWR's default 2 s dedupe would swallow polls meant to follow leases of a few seconds.
    dedupingInterval: 500,
    keepPreviousData: true,
  });
  useLiveRevalidate(serviceDir(name), [key], 100);
  return { data, error, isLoading, mutate };
}

/** The service's health timeline from etcd history; re-read (coalesced) when the service changes. */
export function useServiceTimeline(name: string) {
  const key = servicesKeys.timeline(name);
  const { data, error, isLoading, mutate } = useSWR<ServiceTimeline>(key, swrFetcher, {
    keepPreviousData: true,
    revalidateOnFocus: false,
  });
  useLiveRevalidate(serviceDir(name), [key], 1000);
  return { data, error, isLoading, mutate };
}
