'use client';
// The webhooks page's data: endpoints and each one's deliveries, polled and refreshed by changes under
// /_console/webhooks/ (the live stream shows those to unscoped admins; polling serves everyone else).
import useSWR from 'swr';
import { swrFetcher } from '@/lib/client/fetcher';
import { type DeliveryView, deliveriesUrl, type WebhookView, webhooksUrl } from '@/lib/client/webhooks-api';
import { useLiveRevalidate } from '@/lib/live/use-live';

const POLL_MS = 2000;

export function useWebhooks() {
  const { data, error, isLoading, mutate } = useSWR<{ webhooks: WebhookView[] }>(webhooksUrl, swrFetcher, {
    refreshInterval: POLL_MS * 5,
  });
  useLiveRevalidate('/_console/webhooks/endpoints/', [webhooksUrl], 300);
  return { webhooks: data?.webhooks, error, isLoading, mutate };
}

export function useDeliveries(id: string) {
  const url = deliveriesUrl(id);
  const { data, error, isLoading } = useSWR<{ deliveries: DeliveryView[] }>(url, swrFetcher, {
    refreshInterval: POLL_MS,
  });
  useLiveRevalidate(`/_console/webhooks/deliveries/${id}/`, [url], 300);
  return { deliveries: data?.deliveries, error, isLoading };
}
