// Where webhooks live in etcd (under ETCD_PREFIX), and the deterministic ids that let replicas agree on one delivery.
import { createHash } from 'node:crypto';

export const WEBHOOKS_ROOT = '/_console/webhooks/';
export const ENDPOINTS_PREFIX = `${WEBHOOKS_ROOT}endpoints/`;
export const DELIVERIES_PREFIX = `${WEBHOOKS_ROOT}deliveries/`;
export const REPLICAS_PREFIX = `${WEBHOOKS_ROOT}replicas/`;

export const endpointKey = (id: string) => `${ENDPOINTS_PREFIX}${id}`;
export const deliveriesOf = (endpointId: string) => `${DELIVERIES_PREFIX}${endpointId}/`;
export const deliveryKey = (endpointId: string, deliveryId: string) =>
  `${deliveriesOf(endpointId)}${deliveryId}`;
export const replicaKey = (replica: string) => `${REPLICAS_PREFIX}${replica}`;

/**
 * `<revision, 12 digits>-<kind>-<hash of what it is about>`: every replica that sees the same change names it
 * alike, so the create-if-absent claim lets exactly one of them send it; zero-padded so keys sort by revision.
 */
export function eventId(revision: number, kind: string, subject: string): string {
  const hash = createHash('sha256').update(subject).digest('hex').slice(0, 16);
  return `${String(revision).padStart(12, '0')}-${kind}-${hash}`;
}
