import 'server-only';
// The API's view of deliveries: the last ones of an endpoint the caller may see, and a test ping.
import { randomBytes } from 'node:crypto';
import { ApiError } from '../api/errors';
import { auditOp } from '../audit/record';
import { markAudited } from '../auth/context';
import { etcdSystemKv } from '../etcd/client';
import { currentClusterName } from '../etcd/cluster-context';
import { newDelivery } from './delivery-record';
import { claimDelivery, listDeliveries } from './delivery-store';
import { readEndpoint } from './endpoints';
import { endpointKey, eventId } from './keys';
import type { DeliveryRecord, DeliveryView } from './schemas';
import { webhookDispatcherFor, webhooksEnabled } from './start';

function viewOf(record: DeliveryRecord): DeliveryView {
  const { owner: _owner, ...view } = record;
  return view;
}

export async function listWebhookDeliveries(id: string): Promise<DeliveryView[]> {
  await readEndpoint(id);
  return (await listDeliveries(etcdSystemKv(), id)).map((held) => viewOf(held.record));
}

/**
 * Claims a "ping" delivery (with its audit record) and hands it to this replica's dispatcher; the answer does not
 * wait for the receiver. A replica with webhooks off leaves it to one that has them on (lib/webhooks/resume.ts).
 */
export async function sendTestPing(id: string): Promise<DeliveryView> {
  const { endpoint, revision } = await readEndpoint(id);
  if (!endpoint.enabled) throw new ApiError('conflict', 'The webhook is disabled: enable it first.');
  const cluster = currentClusterName();
  const dispatcher = webhooksEnabled() ? webhookDispatcherFor(cluster) : null;
  const deliveryId = eventId(revision, 'ping', randomBytes(8).toString('hex'));
  const record = newDelivery(endpoint, 'ping', revision, deliveryId, cluster, dispatcher?.replica ?? 'none', {
    message: 'A test delivery from the etcd console.',
  });
  const audit = auditOp('webhooks.test', [Buffer.from(endpointKey(id))], {
    details: { id, delivery: deliveryId },
  });
  const held = await claimDelivery(etcdSystemKv(), record, [audit]);
  if (!held) throw new ApiError('conflict', 'A ping with that id exists already; try again.');
  markAudited();
  dispatcher?.enqueue(held);
  return viewOf(record);
}
