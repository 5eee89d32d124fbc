import 'server-only';
// Turns watched changes, propagation outcomes and lost services into events for the endpoints that want them, and
// claims each delivery in etcd: the replica whose create-if-absent succeeds is the only one that sends it.
import type { Namespace } from 'etcd3';
import { logger } from '../log/logger';
import type { ChangeMessage } from '../watch/messages';
import { changesUnder, MAX_KEYS_PER_DELIVERY, type Publisher, publisherOf } from './config-events';
import type { DeliveryQueue } from './delivery-queue';
import { newDelivery } from './delivery-record';
import { claimDelivery, pruneDeliveries } from './delivery-store';
import { eventId } from './keys';
import type { PropagationOutcome, PropagationTracker } from './propagation-tracker';
import type { StoredEndpoint, WebhookEvent } from './schemas';
import type { LostService } from './service-tracker';

const PRUNE_EVERY = 10;
const PROPAGATION: WebhookEvent[] = ['propagation.complete', 'propagation.stuck'];

export type RouterOptions = {
  kv: () => Namespace;
  cluster: string;
  replica: string;
  queue: DeliveryQueue;
  propagation: PropagationTracker;
  endpoints: () => Iterable<StoredEndpoint>;
  endpoint: (id: string) => StoredEndpoint | undefined;
};

export class EventRouter {
  private readonly publishers = new Map<number, Promise<Publisher | null>>();
  private readonly claims = new Map<string, number>();

  constructor(private readonly o: RouterOptions) {}

  /** Synchronous for the watch: every claim and send happens later, off the change's path. */
  onChange(prefix: string, message: ChangeMessage): void {
    for (const endpoint of this.o.endpoints()) {
      if (!endpoint.enabled || endpoint.prefix !== prefix) continue;
      const changes = changesUnder(message, prefix);
      if (changes.length === 0) continue;
      if (endpoint.events.includes('config.published'))
        void this.emitPublished(endpoint, message.revision, changes);
      if (endpoint.events.some((e) => PROPAGATION.includes(e))) {
        const keys = changes.filter((c) => !c.keyEncoding).map((c) => c.key);
        if (keys.length > 0) {
          void this.o.propagation
            .track(message.revision, keys.slice(0, MAX_KEYS_PER_DELIVERY), endpoint.id)
            .catch((error) => logger.warn({ err: error }, 'could not follow propagation'));
        }
      }
    }
  }

  private async emitPublished(
    endpoint: StoredEndpoint,
    revision: number,
    changes: ReturnType<typeof changesUnder>,
  ): Promise<void> {
    const publisher = await this.publisher(revision);
    const keys = changes.map((c) => c.key).join('\u0000');
    await this.emit(endpoint, 'config.published', revision, `published\u0000${keys}`, {
      changes: changes.slice(0, MAX_KEYS_PER_DELIVERY),
      truncated: changes.length > MAX_KEYS_PER_DELIVERY,
      publishedBy: publisher,
      ...(publisher?.changeSet ? { changeSet: publisher.changeSet } : {}),
    });
  }

  /** The audit record of a revision is read once, whichever endpoints report it. */
  private publisher(revision: number): Promise<Publisher | null> {
    let found = this.publishers.get(revision);
    if (!found) {
      found = publisherOf(this.o.kv(), revision).catch(() => null);
      this.publishers.set(revision, found);
      if (this.publishers.size > 200) this.publishers.delete(this.publishers.keys().next().value!);
    }
    return found;
  }

  onPropagation(outcome: PropagationOutcome): void {
    const endpoint = this.o.endpoint(outcome.tag);
    const event: WebhookEvent = outcome.kind === 'complete' ? 'propagation.complete' : 'propagation.stuck';
    if (!endpoint?.enabled || !endpoint.events.includes(event)) return;
    const { tag: _tag, kind: _kind, ...data } = outcome;
    // complete and stuck share one id: whichever a replica decides first is the one delivered.
    void this.emit(
      endpoint,
      event,
      outcome.revision,
      `propagation\u0000${outcome.keys.join('\u0000')}`,
      data,
    );
  }

  onServiceLost(lost: LostService): void {
    for (const endpoint of this.o.endpoints()) {
      if (!endpoint.enabled || !endpoint.events.includes('service.lost-last-healthy')) continue;
      if (!lost.key.startsWith(endpoint.prefix)) continue;
      void this.emit(
        endpoint,
        'service.lost-last-healthy',
        lost.revision,
        `service\u0000${lost.service}\u0000${lost.layout}`,
        lost,
      );
    }
  }

  private async emit(
    endpoint: StoredEndpoint,
    event: WebhookEvent,
    revision: number,
    subject: string,
    data: object,
  ): Promise<void> {
    const kind = event.startsWith('propagation.') ? 'propagation' : event.split('.')[0]!;
    const record = newDelivery(
      endpoint,
      event,
      revision,
      eventId(revision, kind, subject),
      this.o.cluster,
      this.o.replica,
      data,
    );
    try {
      const held = await claimDelivery(this.o.kv(), record);
      if (!held) return;
      this.o.queue.enqueue(held);
      await this.maybePrune(endpoint.id);
    } catch (error) {
      logger.warn({ err: error, endpoint: endpoint.id, event }, 'webhook delivery could not be claimed');
    }
  }

  private async maybePrune(endpointId: string): Promise<void> {
    const n = (this.claims.get(endpointId) ?? 0) + 1;
    this.claims.set(endpointId, n % PRUNE_EVERY);
    if (n % PRUNE_EVERY === 1) await pruneDeliveries(this.o.kv(), endpointId);
  }
}
