// A mirror of a prefix: load it at one revision, then follow every change from the next revision (no gap, no
// repeat, across reconnects: WatchFeed), and load again when etcd cancels the watch (its revision was compacted
// while we were away). The SDKs' command table and service watch stand on it; so does the config subscriber's feed.
import type { IKeyValue, Namespace } from 'etcd3';
import { isCompactedError } from './errors';
import { readPrefix } from './pages';
import { type FeedBatch, WatchFeed } from './watch-feed';

export type MirrorHandlers = {
  /** A fresh snapshot replaces everything seen before: the first load ('initial') and every reload ('resync'). */
  reset: (kvs: IKeyValue[], revision: number, reason: 'initial' | 'resync') => void;
  /** One watch response's changes, in order; `batch.revision` is how far the prefix is now covered. */
  apply: (batch: FeedBatch) => void;
  /** A failed load or a cancelled watch (compaction is handled, not reported), or a handler that threw. */
  onError: (error: unknown, where: 'load' | 'watch' | 'handler') => void;
};

export type MirrorOptions = {
  /** Keep retrying the first load (a worker starting while etcd is down) instead of failing start(). */
  retryFirstLoad?: boolean;
  /** Longest pause between load attempts. */
  maxDelayMs?: number;
};

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

export class PrefixMirror {
  private feed: WatchFeed | null = null;
  private applied = 0;
  private closed = false;
  private reloading = false;

  constructor(
    private readonly kv: Namespace,
    private readonly prefix: string,
    private readonly handlers: MirrorHandlers,
    private readonly options: MirrorOptions = {},
  ) {}

  /** Every change up to this revision has been handed to the handlers. */
  get appliedRevision(): number {
    return this.applied;
  }

  /** Loads the snapshot and starts following; resolves once both are in place. */
  async start(): Promise<void> {
    if (this.options.retryFirstLoad) await this.reload('initial');
    else await this.loadAndFollow('initial');
  }

  async close(): Promise<void> {
    this.closed = true;
    const feed = this.feed;
    this.feed = null;
    await feed?.close();
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      // Thrown inside etcd3's event dispatch it would crash the process; report it instead.
      this.handlers.onError(error, 'handler');
    }
  }

  private async loadAndFollow(reason: 'initial' | 'resync'): Promise<void> {
    const snapshot = await readPrefix(this.kv, this.prefix);
    if (this.closed) return;
    this.applied = snapshot.revision;
    this.guard(() => this.handlers.reset(snapshot.kvs, snapshot.revision, reason));
    const feed: WatchFeed = new WatchFeed(this.kv, this.prefix, snapshot.revision, {
      onBatch: (batch) => {
        this.applied = batch.revision;
        this.guard(() => this.handlers.apply(batch));
      },
      onBroken: (error) => void this.broken(feed, error),
    });
    this.feed = feed;
    await feed.open();
    if (this.closed) await feed.close();
  }

  private async broken(feed: WatchFeed, error: Error): Promise<void> {
    if (this.closed || this.feed !== feed) return;
    this.feed = null;
    await feed.close();
    if (!isCompactedError(error)) this.handlers.onError(error, 'watch');
    await this.reload('resync');
  }

  /** Loads again until it works (or close()), backing off to maxDelayMs. */
  private async reload(reason: 'initial' | 'resync'): Promise<void> {
    if (this.reloading) return;
    this.reloading = true;
    try {
      for (let delay = 200; !this.closed; delay = Math.min(this.options.maxDelayMs ?? 2000, delay * 2)) {
        try {
          await this.loadAndFollow(reason);
          return;
        } catch (error) {
          this.handlers.onError(error, 'load');
          await sleep(delay);
        }
      }
    } finally {
      this.reloading = false;
    }
  }
}
