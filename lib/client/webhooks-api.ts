// The browser's calls to /api/v1/webhooks: each returns the server's answer or throws the same ApiError.
import type { z } from 'zod';
import type { createdWebhookResponse, DeliveryView, WebhookEvent, WebhookView } from '../webhooks/schemas';
import { fetchJson } from './fetcher';

export type { DeliveryView, WebhookView };
export type NewWebhook = {
  url: string;
  prefix: string;
  events: Exclude<WebhookEvent, 'ping'>[];
  description?: string;
};

export const webhooksUrl = '/api/v1/webhooks';
export const deliveriesUrl = (id: string) => `/api/v1/webhooks/${id}/deliveries`;

export function createWebhook(body: NewWebhook) {
  return fetchJson<z.infer<typeof createdWebhookResponse>>(webhooksUrl, {
    method: 'POST',
    body: JSON.stringify(body),
  });
}

export function setWebhookEnabled(id: string, enabled: boolean) {
  return fetchJson<{ webhook: WebhookView }>(`${webhooksUrl}/${id}`, {
    method: 'PATCH',
    body: JSON.stringify({ enabled }),
  });
}

export function deleteWebhook(id: string) {
  return fetchJson<{ deleted: string }>(`${webhooksUrl}/${id}`, { method: 'DELETE' });
}

export function sendTestDelivery(id: string) {
  return fetchJson<{ delivery: DeliveryView }>(`${webhooksUrl}/${id}/test`, { method: 'POST' });
}
