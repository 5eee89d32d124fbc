'use client';
import useSWR from 'swr';
import { swrFetcher } from '../client/fetcher';
import { CONSOLE_LAYOUT, servicesKeys } from '../client/services-api';
import { useLiveRevalidatePrefixes } from '../live/use-live-prefixes';
import type { LayoutSummary, ServiceDetail, ServiceList, ServiceTimeline } from '../registry/schemas';

/**
 * Where one service's instance keys live, as the live stream names them (without the console prefix): our own
 * registry's service directory; a fixed-root layout's roots (a superset of the service, still exact after the
 * refetch); for the layouts without a root (gRPC naming, go-zero, rpcx) the service's own directory "<name>/".
 */
export function serviceWatchPrefixes(name: string, layout: Pick<LayoutSummary, 'id' | 'roots'> | undefined) {
  if (!layout || layout.id === CONSOLE_LAYOUT) return [`/services/${name}/`];
  return layout.roots.length > 0 ? layout.roots : [`${name}/`];
}

/**
 * Every service of every enabled layout with its counts; live on every root the answer names (fixed roots and the
 * ones detection found), and polled: for lease TTLs (keepalives make no events) and for services of root-less
 * layouts under a prefix detection has not found yet (the server re-detects when its answer is 10 s old).
 */
export function useServices(fallbackData?: ServiceList) {
  const { data, error, isLoading } = useSWR<ServiceList>(servicesKeys.list, swrFetcher, {
    fallbackData,
    // Often enough to catch a lease in the last half of its TTL (a few seconds for short ones).
    refreshInterval: 2000,
    dedupingInterval: 1000,
    keepPreviousData: true,
  });
  const roots = (data?.layouts ?? [{ id: CONSOLE_LAYOUT, roots: ['/services/'] }]).flatMap((l) => l.roots);
  useLiveRevalidatePrefixes(roots, [servicesKeys.list]);
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
export function useService(name: string, layout: string, fallbackData?: TimedServiceDetail) {
  const key = servicesKeys.detail(name, layout);
  const { data, error, isLoading, mutate } = useSWR<TimedServiceDetail>(key, timedFetcher, {
    fallbackData,
    refreshInterval: (latest) => ttlRefreshMs(latest),
    // SWR's default 2 s dedupe would swallow polls meant to follow leases of a few seconds.
    dedupingInterval: 500,
    keepPreviousData: true,
  });
  const prefixes = serviceWatchPrefixes(name, data?.layout ?? { id: layout, roots: [] });
  useLiveRevalidatePrefixes(prefixes, [key], 100);
  return { data, error, isLoading, mutate };
}

/** The service's health timeline from etcd history; re-read (coalesced) when the service changes. */
export function useServiceTimeline(name: string, layout: string, watchPrefixes: readonly string[]) {
  const key = servicesKeys.timeline(name, layout);
  const { data, error, isLoading, mutate } = useSWR<ServiceTimeline>(key, swrFetcher, {
    keepPreviousData: true,
    revalidateOnFocus: false,
  });
  useLiveRevalidatePrefixes(watchPrefixes, [key], 1000);
  return { data, error, isLoading, mutate };
}
