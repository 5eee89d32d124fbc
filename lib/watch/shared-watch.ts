// One etcd watch on one key range, fanned out to many subscribers, resumed without gaps after reconnects.
import { pinResume } from '@etcd-console/core/etcd';
import type { IWatchResponse, Namespace, Watcher } from 'etcd3';
import { isCompactedError } from '../api/etcd-errors';
import { isRevisionCompacted } from '../etcd/compaction';
import { logger } from '../log/logger';
import { type ChangeMessage, groupByRevision } from './messages';
import { RevisionRing } from './ring';

export type WatchTarget = { kind: 'prefix' | 'key'; bytes: Buffer };

export type WatchSink = {
  /** The stream is current from this revision: every change after it will follow. */
  ready(revision: number): void;
  change(message: ChangeMessage): void;
  /** History the subscriber needed is gone; it must reload its view. Live changes after `revision` follow. */
  resync(revision: number): void;
};

type Subscriber = { sink: WatchSink; from: number; ready: boolean };

export type SharedWatchEvents = {
  /** The watch lost history it needed (compaction while etcd was away); subscribers were told to resync. */
  onCompacted?: (watch: SharedWatch) => void;
  onClosed?: (watch: SharedWatch) => void;
  /**
   * etcd refused the watch stream's auth token (expired, or etcd restarted): the stream keeps the token it was
   * opened with, so the watch must move to a new stream once the client has signed in again.
   */
  onStreamTokenExpired?: (watch: SharedWatch) => void;
};

/**
 * Delivery is tracked by event revisions only: etcd's response header revision runs ahead of the events
 * during catch-up, so resuming from it could skip revisions.
 */
export class SharedWatch {
  private watcher: Watcher | null = null;
  private readonly subscribers = new Set<Subscriber>();
  /** Highest revision whose changes have all been delivered; null until etcd confirms the watch. */
  current: number | null = null;
  readonly ring: RevisionRing;
  private closed = false;
  /** etcd has accepted the watch; subscribers get "ready" only then. */
  private confirmed = false;
  lastActivity = Date.now();
  /** When etcd last sent anything on this watch. */
  private lastResponseAt = Date.now();
  /** A probe saw changes the watch has not delivered: since when, and at which delivered revision. */
  private suspected: { at: number; current: number } | null = null;

  constructor(
    private kv: Namespace,
    readonly target: WatchTarget,
    /** Start from this revision (a catch-up watch), or from now when undefined. */
    private readonly startRevision: number | undefined,
    private readonly events: SharedWatchEvents = {},
  ) {
    this.ring = new RevisionRing(startRevision === undefined ? Number.MAX_SAFE_INTEGER : startRevision - 1);
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  async open(): Promise<void> {
    const builder = this.kv.watch().withPreviousKV();
    if (this.target.kind === 'prefix') builder.prefix(this.target.bytes);
    else builder.key(this.target.bytes);
    if (this.current !== null) builder.startRevision(String(this.current + 1));
    else if (this.startRevision !== undefined) {
      builder.startRevision(String(this.startRevision));
      this.current = this.startRevision - 1;
    }
    const watcher = builder.watcher();
    this.watcher = watcher;
    // Resume exactly after the last delivered revision, whatever etcd3 remembered from response headers.
    pinResume(watcher, () => this.current);
    watcher.on('connected', (res) => this.guard(() => this.onConnected(res)));
    watcher.on('data', (res) => this.guard(() => this.onData(res)));
    watcher.on('error', (error) => {
      this.onError(error).catch((e) => logger.error({ err: e }, 'watch recovery failed'));
    });
    watcher.on('disconnected', () => logger.debug({ target: this.describe() }, 'watch disconnected'));
  }

  subscribe(sink: WatchSink, fromRevision: number | undefined): () => void {
    const subscriber: Subscriber = { sink, from: fromRevision ?? 0, ready: false };
    this.subscribers.add(subscriber);
    this.lastActivity = Date.now();
    if (this.confirmed) this.makeReady(subscriber);
    return () => {
      this.subscribers.delete(subscriber);
      this.lastActivity = Date.now();
    };
  }

  /** Can a subscriber resuming at fromRevision be served from this watch's memory? */
  canServe(fromRevision: number | undefined): boolean {
    if (fromRevision === undefined) return true;
    if (this.current !== null && fromRevision > this.current) return true;
    return this.ring.covers(fromRevision);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.subscribers.clear();
    const watcher = this.watcher;
    this.watcher = null;
    watcher?.cancel().catch(() => {});
    this.events.onClosed?.(this);
  }

  describe(): string {
    return `${this.target.kind}:${this.target.bytes.toString('utf8')}`;
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      logger.error({ err: error, target: this.describe() }, 'watch listener failed');
    }
  }

  private onConnected(res: IWatchResponse): void {
    this.confirmed = true;
    if (this.current === null) {
      // A watch from "now": etcd delivers every change after the creation revision.
      this.current = Number(res.header.revision);
      this.ring.reset(this.current);
    }
    for (const subscriber of this.subscribers) if (!subscriber.ready) this.makeReady(subscriber);
  }

  private makeReady(subscriber: Subscriber): void {
    const current = this.current ?? 0;
    subscriber.ready = true;
    if (subscriber.from === 0) {
      subscriber.from = current + 1;
      subscriber.sink.ready(current);
      return;
    }
    subscriber.sink.ready(subscriber.from - 1);
    for (const message of this.ring.since(subscriber.from)) subscriber.sink.change(message);
  }

  private onData(res: IWatchResponse): void {
    if (this.closed) return;
    this.lastResponseAt = Date.now();
    for (const message of groupByRevision(res.events)) {
      if (this.current !== null && message.revision <= this.current) continue; // a replay after reconnect
      this.current = message.revision;
      this.ring.push(message, estimateSize(message));
      for (const subscriber of this.subscribers) {
        if (subscriber.ready && message.revision >= subscriber.from) subscriber.sink.change(message);
      }
    }
  }

  private async onError(error: Error): Promise<void> {
    if (this.closed) return;
    this.watcher = null;
    // etcd 3.4 cancels a watch on a compacted revision with an empty reason; etcd3 drops compact_revision.
    if (isCompactedError(error) || (await this.neededRevisionCompacted())) {
      logger.info(
        { target: this.describe(), after: this.current },
        'watch history compacted; subscribers resync',
      );
      this.events.onCompacted?.(this);
      return;
    }
    if (/invalid auth token|auth token is not provided/i.test(error.message)) {
      logger.info(
        { target: this.describe(), after: this.current },
        'watch token expired; moving to a new stream',
      );
      // A unary call makes etcd3 notice the dead token and sign in again before the new stream opens.
      await this.kv
        .get('\0')
        .exec()
        .catch(() => {});
      if (this.events.onStreamTokenExpired) {
        this.events.onStreamTokenExpired(this);
        return;
      }
    }
    logger.warn({ err: error, target: this.describe() }, 'watch cancelled by etcd; reopening');
    await new Promise((r) => setTimeout(r, 200));
    if (!this.closed) await this.open();
  }

  private async neededRevisionCompacted(): Promise<boolean> {
    return this.current !== null && isRevisionCompacted(this.kv, this.current + 1);
  }

  /**
   * A watch on a member cut off from its peers delivers nothing and looks like a quiet range. After a quiet
   * spell, ask etcd (through any member) whether the range changed after the last delivered revision; if it did,
   * and the watch still delivers nothing a while later, the watch is stalled.
   */
  async checkStall(now: number, quietMs: number, confirmMs: number): Promise<'ok' | 'suspect' | 'stalled'> {
    const current = this.current;
    if (this.closed || !this.confirmed || current === null || now - this.lastResponseAt < quietMs) {
      this.suspected = null;
      return 'ok';
    }
    if (!(await this.rangeChangedAfter(current))) {
      this.suspected = null;
      return 'ok';
    }
    if (!this.suspected || this.suspected.current !== current) {
      this.suspected = { at: now, current };
      return 'suspect';
    }
    return now - this.suspected.at >= confirmMs ? 'stalled' : 'suspect';
  }

  private async rangeChangedAfter(revision: number): Promise<boolean> {
    const range = this.kv
      .getAll()
      .minModRevision(revision + 1)
      .limit(1);
    if (this.target.kind === 'prefix') range.prefix(this.target.bytes);
    else
      range.inRange({ start: this.target.bytes, end: Buffer.concat([this.target.bytes, Buffer.from([0])]) });
    return (await range.keys()).length > 0;
  }

  /** Moves the watch to a new stream (a new client namespace picks a member afresh), resuming after `current`. */
  reopen(kv: Namespace): void {
    if (this.closed) return;
    const stalled = this.watcher;
    this.watcher = null;
    stalled?.removeAllListeners();
    stalled?.cancel().catch(() => {});
    this.kv = kv;
    this.suspected = null;
    this.lastResponseAt = Date.now();
    void this.open();
  }

  /** Moves every subscriber off this watch, telling each it must resync. */
  drainSubscribers(): WatchSink[] {
    const sinks = [...this.subscribers].map((s) => s.sink);
    this.subscribers.clear();
    return sinks;
  }
}

function estimateSize(message: ChangeMessage): number {
  let size = 64;
  for (const e of message.events) size += e.key.length + e.value.length + (e.prevValue?.length ?? 0) + 128;
  return size;
}
