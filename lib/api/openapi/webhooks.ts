import { z } from 'zod';
import {
  createdWebhookResponse,
  createWebhookBody,
  deliveriesResponse,
  deliveryView,
  updateWebhookBody,
  webhookIdParams,
  webhooksResponse,
  webhookView,
} from '../../webhooks/schemas';
import type { Operation } from './types';

const tag = 'webhooks';
const params = webhookIdParams;
const scoped =
  ' A scoped admin sees only endpoints whose whole prefix lies in their scope (others answer 404) and may only create them there.';

export const webhooksOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/v1/webhooks',
    tag,
    summary: `Webhook endpoints (admin); secrets are never shown again, only a hint of their last characters.${scoped}`,
    response: webhooksResponse,
    errors: [401, 403],
  },
  {
    method: 'post',
    path: '/api/v1/webhooks',
    tag,
    summary: `Add an endpoint: the events it is sent for changes under its prefix. The answer holds the only copy of its signing secret (X-Console-Signature: sha256=HMAC(secret, "<X-Console-Timestamp>.<body>")).${scoped}`,
    body: createWebhookBody,
    response: createdWebhookResponse,
    status: 201,
    errors: [401, 403, 409],
  },
  {
    method: 'get',
    path: '/api/v1/webhooks/{id}',
    tag,
    summary: 'One webhook endpoint (admin).',
    params,
    response: z.object({ webhook: webhookView }),
    errors: [401, 403, 404],
  },
  {
    method: 'patch',
    path: '/api/v1/webhooks/{id}',
    tag,
    summary:
      'Change an endpoint, enable or disable it, or rotate its secret (`rotateSecret: true`: the answer holds the new secret once). 409 when it changed meanwhile.',
    params,
    body: updateWebhookBody,
    response: z.object({ webhook: webhookView, secret: z.string().optional() }),
    errors: [401, 403, 404, 409],
  },
  {
    method: 'delete',
    path: '/api/v1/webhooks/{id}',
    tag,
    summary: 'Remove an endpoint and its delivery records (admin).',
    params,
    response: z.object({ deleted: z.string() }),
    errors: [401, 403, 404, 409],
  },
  {
    method: 'get',
    path: '/api/v1/webhooks/{id}/deliveries',
    tag,
    summary:
      'The endpoint’s last 100 deliveries, newest first: status (pending, delivered, failed, dropped), every attempt with its HTTP status or error, and when the next retry is due.',
    params,
    response: deliveriesResponse,
    errors: [401, 403, 404],
  },
  {
    method: 'post',
    path: '/api/v1/webhooks/{id}/test',
    tag,
    summary: 'Queue a signed "ping" delivery to the endpoint; answers 202 without waiting for the receiver.',
    params,
    response: z.object({ delivery: deliveryView }),
    status: 202,
    errors: [401, 403, 404, 409],
  },
];
