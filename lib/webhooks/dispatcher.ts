import 'server-only';
// The webhook dispatcher of one cluster in this process: follows the endpoints, turns watched changes into events,
// claims each delivery in etcd (one replica sends it) and hands it to the queue. Nothing here waits on a receiver.
import { STATUS_ROOT } from '@etcd-console/core/config';
import type { Namespace } from 'etcd3';
import { runWithContext } from '../auth/context';
import { etcdKvFor } from '../etcd/client';
import { logger } from '../log/logger';
import { watchHub } from '../watch/hub';
import type { WatchSink, WatchTarget } from '../watch/shared-watch';
import { DeliveryQueue } from './delivery-queue';
import type { HeldDelivery } from './delivery-store';
import { readEndpointsAt } from './endpoints';
import { EventRouter } from './event-router';
import { ENDPOINTS_PREFIX } from './keys';
import { PropagationTracker } from './propagation-tracker';
import { newReplicaId, ReplicaPresence } from './replica';
import { takeOverOrphans } from './resume';
import type { StoredEndpoint } from './schemas';
import { ServiceTracker } from './service-tracker';

export type DispatcherOptions = {
  cluster: string;
  replica?: string;
  backoffMs?: number;
  maxAttempts?: number;
  maxQueue?: number;
  stuckAfterMs?: number;
  resumeEveryMs?: number;
};

type Subscription = { close(): void };

export class WebhookDispatcher {
  readonly replica: string;
  readonly queue: DeliveryQueue;
  private endpoints = new Map<string, StoredEndpoint>();
  /** When each endpoint last changed: a watch opened for a new endpoint starts right after it, missing nothing. */
  private changedAt = new Map<string, number>();
  /** The revision the first endpoint read saw; endpoints older than that are watched from now on. */
  private startRevision: number | null = null;
  private loaded!: () => void;
  /** Resolves once the endpoints were read (the queue looks endpoints up only then). */
  private readonly ready = new Promise<void>((resolve) => {
    this.loaded = resolve;
  });
  private readonly configWatches = new Map<string, Subscription>();
  private endpointWatch: Subscription | null = null;
  private services: ServiceTracker | null = null;
  private readonly propagation: PropagationTracker;
  private readonly presence: ReplicaPresence;
  private readonly router: EventRouter;
  /** The revision of the newest endpoint read applied: an older read finishing late is ignored. */
  private endpointsRevision = 0;
  private resumeTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly options: DispatcherOptions) {
    this.replica = options.replica ?? newReplicaId();
    this.queue = new DeliveryQueue({
      kv: this.kv,
      endpoint: async (id) => {
        await this.ready;
        return this.endpoints.get(id);
      },
      backoffMs: options.backoffMs ?? 1000,
      maxAttempts: options.maxAttempts ?? 5,
      maxQueue: options.maxQueue ?? 100,
      concurrency: 2,
    });
    this.presence = new ReplicaPresence(this.kv, this.replica);
    const router = () => this.router;
    this.propagation = new PropagationTracker({
      kv: this.kv,
      stuckAfterMs: options.stuckAfterMs ?? 30_000,
      onOutcome: (o) => this.inCluster(() => router().onPropagation(o)),
      watchStatuses: (onChange) =>
        this.subscribe({ kind: 'prefix', bytes: Buffer.from(STATUS_ROOT) }, undefined, {
          ready: () => {},
          change: onChange,
          resync: onChange,
        }),
    });
    this.router = new EventRouter({
      kv: this.kv,
      cluster: options.cluster,
      replica: this.replica,
      queue: this.queue,
      propagation: this.propagation,
      endpoints: () => this.endpoints.values(),
      endpoint: (id) => this.endpoints.get(id),
    });
  }

  private readonly kv = (): Namespace => etcdKvFor(this.options.cluster);

  /** Background work runs as the console itself, in its cluster (what etcdKv, watchHub and layouts read). */
  private inCluster<T>(fn: () => T): T {
    return runWithContext(
      {
        actor: null,
        source: 'webhooks',
        route: 'webhooks.dispatch',
        audited: true,
        cluster: this.options.cluster,
      },
      fn,
    );
  }

  /** Watch callbacks run in this cluster's context too, whatever context etcd's stream calls them in. */
  private subscribe(target: WatchTarget, from: number | undefined, sink: WatchSink): Subscription {
    const inCluster: WatchSink = {
      ready: (revision) => this.inCluster(() => sink.ready(revision)),
      change: (message) => this.inCluster(() => sink.change(message)),
      resync: (revision) => this.inCluster(() => sink.resync(revision)),
    };
    return this.inCluster(() => watchHub().subscribe(target, from, inCluster));
  }

  async start(): Promise<void> {
    await this.inCluster(async () => {
      await this.presence.start();
      this.endpointWatch = this.subscribe(
        { kind: 'prefix', bytes: Buffer.from(ENDPOINTS_PREFIX) },
        undefined,
        {
          ready: () => void this.reloadEndpoints(),
          change: () => void this.reloadEndpoints(),
          resync: () => void this.reloadEndpoints(),
        },
      );
      await this.reloadEndpoints();
      await this.resume();
    });
    const every = this.options.resumeEveryMs ?? 15_000;
    this.resumeTimer = setInterval(() => void this.inCluster(() => this.resume()), every);
    this.resumeTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.resumeTimer) clearInterval(this.resumeTimer);
    this.endpointWatch?.close();
    for (const s of this.configWatches.values()) s.close();
    this.configWatches.clear();
    this.services?.stop();
    this.propagation.stop();
    this.queue.stop();
    await this.presence.stop();
  }

  /** A claimed delivery made elsewhere in this process (a test ping). */
  enqueue(held: HeldDelivery): void {
    this.queue.enqueue(held);
  }

  private async resume(): Promise<void> {
    if (this.stopped) return;
    await takeOverOrphans(this.kv(), this.replica, (held) => this.queue.enqueue(held)).catch((error) =>
      logger.warn({ err: error }, 'could not look for webhook deliveries to continue'),
    );
  }

  private async reloadEndpoints(): Promise<void> {
    if (this.stopped) return;
    try {
      const { endpoints, revision } = await this.inCluster(() => readEndpointsAt(this.kv()));
      if (revision < this.endpointsRevision || this.stopped) return;
      this.endpointsRevision = revision;
      this.startRevision ??= revision;
      this.endpoints = new Map(endpoints.map((e) => [e.endpoint.id, e.endpoint]));
      this.changedAt = new Map(endpoints.map((e) => [e.endpoint.id, e.modRevision]));
      this.inCluster(() => this.reconcile());
      this.loaded();
    } catch (error) {
      logger.warn({ err: error }, 'could not read webhook endpoints');
    }
  }

  /** One shared watch per prefix some enabled endpoint reports on; the service tracker only while wanted. */
  private reconcile(): void {
    const enabled = [...this.endpoints.values()].filter((e) => e.enabled);
    const prefixes = new Set(
      enabled.filter((e) => e.events.some((v) => v !== 'service.lost-last-healthy')).map((e) => e.prefix),
    );
    for (const [prefix, sub] of this.configWatches) {
      if (prefixes.has(prefix)) continue;
      sub.close();
      this.configWatches.delete(prefix);
    }
    for (const prefix of prefixes) {
      if (this.configWatches.has(prefix)) continue;
      const sink: WatchSink = {
        ready: () => {},
        change: (message) => this.inCluster(() => this.router.onChange(prefix, message)),
        resync: (revision) =>
          logger.warn({ prefix, revision }, 'webhook watch resynced: changes meanwhile are not reported'),
      };
      this.configWatches.set(
        prefix,
        this.subscribe({ kind: 'prefix', bytes: Buffer.from(prefix) }, this.watchFrom(prefix), sink),
      );
    }
    const wantsServices = enabled.some((e) => e.events.includes('service.lost-last-healthy'));
    if (wantsServices && !this.services) {
      const tracker = new ServiceTracker({
        kv: this.kv,
        subscribe: (target, from, sink) => this.subscribe(target, from, sink),
        onLost: (lost) => this.inCluster(() => this.router.onServiceLost(lost)),
      });
      this.services = tracker;
      void this.inCluster(() => tracker.start()).catch((error) => {
        logger.warn({ err: error }, 'service tracker could not start; trying on the next endpoint change');
        if (this.services === tracker) this.services = null;
      });
    } else if (!wantsServices && this.services) {
      this.services.stop();
      this.services = null;
    }
  }

  /** Right after the oldest change of an endpoint on `prefix` made since start; from now for older endpoints. */
  private watchFrom(prefix: string): number | undefined {
    const start = this.startRevision;
    if (start === null) return undefined;
    const changed = [...this.endpoints.values()]
      .filter((e) => e.prefix === prefix)
      .map((e) => this.changedAt.get(e.id) ?? 0)
      .filter((r) => r > start);
    return changed.length > 0 ? Math.min(...changed) + 1 : undefined;
  }
}
