// A delivery record as first claimed: the JSON body every attempt sends, fixed once.
import type { DeliveryRecord, StoredEndpoint, WebhookEvent } from './schemas';

/** A delivery record, ready to claim; the body is fixed now and sent as-is by every attempt. */
export function newDelivery(
  endpoint: StoredEndpoint,
  event: WebhookEvent,
  revision: number,
  id: string,
  cluster: string,
  owner: string,
  data: object,
): DeliveryRecord {
  const createdAt = new Date().toISOString();
  const body = JSON.stringify({
    id,
    event,
    createdAt,
    cluster,
    revision,
    webhook: { id: endpoint.id, prefix: endpoint.prefix },
    data,
  });
  return {
    id,
    endpointId: endpoint.id,
    event,
    revision,
    createdAt,
    status: 'pending',
    attempts: [],
    nextAttemptAt: createdAt,
    owner,
    body,
  };
}
