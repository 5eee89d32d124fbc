import 'server-only';
// Fan-out: one etcd watch per distinct watched range per process, shared by every SSE client.
import type { Namespace } from 'etcd3';
import { z } from 'zod';
import { etcdFreshKvFor, etcdKvFor, etcdSystemClient, onEtcdClientReplaced } from '../etcd/client';
import { currentClusterName } from '../etcd/cluster-context';
import { findCompactRevision, isRevisionCompacted } from '../etcd/compaction';
import { readEnv } from '../etcd/env';
import { logger } from '../log/logger';
import { metrics } from '../metrics/registry';
import { SharedWatch, type WatchSink, type WatchTarget } from './shared-watch';

export type Subscription = { close(): void };

/** What a subscription is attached to right now; a resync moves it to another watch. */
type Handle = { detach: () => void; closed: boolean };

const { WATCH_LINGER_MS: LINGER_MS, WATCH_STALL_CHECK_MS: STALL_CHECK_MS } = readEnv(
  z.object({
    WATCH_LINGER_MS: z.coerce.number().int().min(0).max(3_600_000).default(15_000),
    /** How often quiet watches are checked for a stall, and how long a suspected stall must last. */
    WATCH_STALL_CHECK_MS: z.coerce.number().int().min(100).max(3_600_000).default(10_000),
  }),
);

export class WatchHub {
  private readonly shared = new Map<string, SharedWatch>();
  private readonly catchUps = new Set<SharedWatch>();
  private readonly sweeper: NodeJS.Timeout;

  private readonly stallTimer: NodeJS.Timeout;
  /** The namespace (one etcd3 watch stream) new watches open on; replaced when its auth token went stale. */
  private stream: Namespace | null = null;

  private ns(): Namespace {
    this.stream ??= this.kv();
    return this.stream;
  }

  /** Moves a watch whose stream lost its auth token to a fresh stream, which later watches use too. */
  private readonly renewStream = (watch: SharedWatch) => {
    this.stream = this.freshKv();
    watch.reopen(this.stream);
  };
  private checking = false;

  constructor(
    private readonly kv: () => Namespace,
    /** A namespace on a new watch stream, for moving a stalled watch off its member. */
    private readonly freshKv: () => Namespace = kv,
  ) {
    this.sweeper = setInterval(() => this.sweep(), Math.max(250, Math.min(LINGER_MS, 5000)));
    this.sweeper.unref();
    this.stallTimer = setInterval(() => void this.checkStalls(), STALL_CHECK_MS);
    this.stallTimer.unref();
  }

  /**
   * Moves every watch to the cluster's current client (after the TLS files were rotated): each resumes right
   * after the revision it last delivered, so no subscriber loses or repeats an event.
   */
  moveToNewClient(): void {
    this.stream = this.freshKv();
    for (const watch of [...this.shared.values(), ...this.catchUps]) watch.reopen(this.stream);
  }

  /** Detects shared watches that stopped delivering (within about three check periods) and reopens them. */
  private async checkStalls(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      for (const watch of this.shared.values()) {
        if (watch.subscriberCount === 0) continue;
        const verdict = await watch
          .checkStall(Date.now(), STALL_CHECK_MS, STALL_CHECK_MS)
          .catch(() => 'ok' as const);
        if (verdict === 'stalled') {
          logger.warn(
            { target: watch.describe(), after: watch.current },
            'watch stalled; reopening on a new stream',
          );
          watch.reopen(this.freshKv());
        }
      }
    } finally {
      this.checking = false;
    }
  }

  /** Number of etcd watches this process holds right now. */
  get watchCount(): number {
    return this.shared.size + this.catchUps.size;
  }

  subscribe(target: WatchTarget, fromRevision: number | undefined, sink: WatchSink): Subscription {
    const handle: Handle = { detach: () => {}, closed: false };
    this.handles.set(sink, handle);
    const live = this.liveWatch(target);
    if (live.canServe(fromRevision)) handle.detach = live.subscribe(sink, fromRevision);
    else this.catchUp(target, fromRevision as number, sink, handle);
    return {
      close: () => {
        if (handle.closed) return;
        handle.closed = true;
        handle.detach();
        this.handles.delete(sink);
      },
    };
  }

  private readonly handles = new WeakMap<WatchSink, Handle>();

  /** A client resuming from further back than memory holds gets its own watch from that revision. */
  private catchUp(target: WatchTarget, fromRevision: number, sink: WatchSink, handle: Handle): void {
    handle.detach = () => {};
    // Compacted already? Then skip straight to a resync instead of a watch etcd would cancel.
    void isRevisionCompacted(this.ns(), fromRevision).then((compacted) => {
      if (handle.closed) return;
      if (compacted) this.resyncOnto(target, sink);
      else this.openCatchUp(target, fromRevision, sink, handle);
    });
  }

  private openCatchUp(target: WatchTarget, fromRevision: number, sink: WatchSink, handle: Handle): void {
    const watch = new SharedWatch(this.ns(), target, fromRevision, {
      onStreamTokenExpired: this.renewStream,
      onCompacted: (w) => {
        const sinks = w.drainSubscribers();
        w.close();
        // The revision is gone: send the client to the live watch, telling it to reload.
        for (const s of sinks) this.resyncOnto(target, s);
      },
      onClosed: (w) => {
        this.catchUps.delete(w);
        this.updateGauge();
      },
    });
    this.catchUps.add(watch);
    this.updateGauge();
    void watch.open();
    const unsubscribe = watch.subscribe(sink, fromRevision);
    handle.detach = () => {
      unsubscribe();
      watch.close();
    };
  }

  /** Re-attaches a subscriber to the live watch; its next "ready" becomes a resync. */
  private resyncOnto(target: WatchTarget, sink: WatchSink): void {
    const handle = this.handles.get(sink);
    if (!handle || handle.closed) return;
    const resyncSink: WatchSink = {
      ready: (revision) => sink.resync(revision),
      change: (message) => sink.change(message),
      resync: (revision) => sink.resync(revision),
    };
    this.handles.set(resyncSink, handle);
    handle.detach = this.liveWatch(target).subscribe(resyncSink, undefined);
  }

  private liveWatch(target: WatchTarget): SharedWatch {
    const id = `${target.kind}:${target.bytes.toString('base64')}`;
    let watch = this.shared.get(id);
    if (watch) return watch;
    watch = new SharedWatch(this.ns(), target, undefined, {
      onStreamTokenExpired: this.renewStream,
      onCompacted: (w) => {
        // The live watch itself fell behind compaction (etcd away for long): start over from now.
        const sinks = w.drainSubscribers();
        w.close();
        for (const sink of sinks) this.resyncOnto(target, sink);
      },
      onClosed: (w) => {
        if (this.shared.get(id) === w) this.shared.delete(id);
        this.updateGauge();
      },
    });
    this.shared.set(id, watch);
    this.updateGauge();
    void watch.open();
    return watch;
  }

  /** Closes shared watches nobody has used for the linger time. */
  private sweep(): void {
    const now = Date.now();
    for (const watch of this.shared.values()) {
      if (watch.subscriberCount === 0 && now - watch.lastActivity >= LINGER_MS) {
        logger.debug({ target: watch.describe() }, 'closing idle watch');
        watch.close();
      }
    }
  }

  private updateGauge(): void {
    metrics().etcdWatches.set(totalWatchCount());
  }
}

const holder = globalThis as typeof globalThis & { __watchHubs?: Map<string, WatchHub> };

/**
 * The hub of the current request's cluster: watches are shared per cluster, never across clusters, under the
 * console's own credentials; what each subscriber is sent is filtered by what that caller may read (scopes, and in
 * etcd login mode etcd's own permissions of the user: lib/watch/scope-filter.ts).
 */
export function watchHub(): WatchHub {
  holder.__watchHubs ??= new Map();
  const cluster = currentClusterName();
  let hub = holder.__watchHubs.get(cluster);
  if (!hub) {
    hub = new WatchHub(
      () => etcdKvFor(cluster),
      () => etcdFreshKvFor(cluster),
    );
    holder.__watchHubs.set(cluster, hub);
  }
  return hub;
}

// After a cluster's client was replaced (rotated TLS files), its hub's watches move onto the new client.
onEtcdClientReplaced((cluster) => holder.__watchHubs?.get(cluster)?.moveToNewClient());

/** Etcd watches held by this process across clusters (for the metric and tests). */
export function totalWatchCount(): number {
  let n = 0;
  for (const hub of holder.__watchHubs?.values() ?? []) n += hub.watchCount;
  return n;
}

/** For resync messages: the compaction point, found by probing (cheap, and only on this rare path). */
export async function compactRevisionNow(revision: number): Promise<number> {
  return findCompactRevision(etcdSystemClient(), revision).catch(() => 0);
}
