// One lossless watch over a prefix or a key: every change after a revision, each exactly once, across reconnects;
// and a report when etcd cancelled it (compaction) so its owner can reload. The one place that pins where a
// reconnected watch resumes: the SDKs' mirrors and the console's shared watches all use pinResume.
import type { IKeyValue, IWatchResponse, Namespace, Watcher } from 'etcd3';

/**
 * etcd3 resumes a reconnected watch from the last response header it saw, which runs ahead of the events handed on
 * during a catch-up (and would skip them): resume right after what the owner has applied instead.
 */
export function pinResume(watcher: Watcher, applied: () => number | null): void {
  watcher.on('connecting', () => {
    const revision = applied();
    if (revision !== null) watcher.request.start_revision = String(revision + 1);
  });
}

export type FeedTarget = { prefix: string | Buffer } | { key: string | Buffer };

/** One change; `kv` is etcd's record of it (for a delete: the key and the deleting revision). */
export type FeedEvent = {
  type: 'put' | 'delete';
  key: Buffer;
  value: Buffer;
  modRevision: number;
  kv: IKeyValue;
};

/** Everything one watch response carried; `revision` is how far the store is known to be covered. */
export type FeedBatch = { revision: number; events: FeedEvent[] };

export type FeedHandlers = {
  onBatch: (batch: FeedBatch) => void;
  /** The watch was cancelled by etcd (e.g. its revision was compacted): reload and open a new feed. */
  onBroken: (error: Error) => void;
};

/** etcd sends at most this many distinct revisions per catch-up response (watchBatchMaxRevs). */
const MAX_BATCH_REVISIONS = 1000;

/**
 * The revision a response proves the watcher has seen everything up to. Normally its header revision; but a
 * catch-up response cut at MAX_BATCH_REVISIONS carries the store's current revision in its header while more
 * events are still to come, so then only its last event's revision counts.
 */
export function coveredRevision(res: IWatchResponse): number {
  const header = Number(res.header.revision);
  if (res.events.length === 0) return header;
  const revisions = new Set(res.events.map((e) => Number(e.kv.mod_revision)));
  const last = Math.max(...revisions);
  return revisions.size >= MAX_BATCH_REVISIONS ? last : Math.max(header, last);
}

export class WatchFeed {
  private watcher: Watcher | null = null;
  private received: number;
  private connected = false;
  private broken = false;
  private closed = false;

  /** Watches a prefix or a key (relative to `kv`'s namespace) for every change after `afterRevision`. */
  constructor(
    private readonly kv: Namespace,
    private readonly target: FeedTarget | string,
    afterRevision: number,
    private readonly handlers: FeedHandlers,
  ) {
    this.received = afterRevision;
  }

  /** Resolves once etcd has accepted the watch; rejects if it refused it. */
  open(): Promise<void> {
    const target = typeof this.target === 'string' ? { prefix: this.target } : this.target;
    const builder = this.kv.watch();
    if ('prefix' in target) builder.prefix(target.prefix);
    else builder.key(target.key);
    const watcher = builder.startRevision(String(this.received + 1)).watcher();
    this.watcher = watcher;
    // On every (re)connect, resume right after the last response handed on, never from etcd3's own guess.
    pinResume(watcher, () => this.received);
    watcher.on('data', (res: IWatchResponse) => this.handleData(res));
    return new Promise((resolve, reject) => {
      watcher.once('connected', () => {
        this.connected = true;
        resolve();
      });
      watcher.on('error', (error: Error) => {
        if (this.closed || this.broken) return;
        this.broken = true;
        if (this.connected) this.handlers.onBroken(error);
        else reject(error);
      });
    });
  }

  private handleData(res: IWatchResponse): void {
    if (this.closed || this.broken) return;
    const revision = coveredRevision(res);
    // A resumed watch starts after `received`, so anything at or below it is a repeat.
    const events: FeedEvent[] = [];
    for (const ev of res.events) {
      const modRevision = Number(ev.kv.mod_revision);
      if (modRevision <= this.received) continue;
      events.push({
        type: String(ev.type).toLowerCase() === 'delete' ? 'delete' : 'put',
        key: ev.kv.key,
        value: ev.kv.value,
        modRevision,
        kv: ev.kv,
      });
    }
    if (revision <= this.received && events.length === 0) return;
    this.received = Math.max(this.received, revision);
    this.handlers.onBatch({ revision: this.received, events });
  }

  /** Cancels the watch; a broken one is already gone from etcd, and cancelling it would wait forever. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const watcher = this.watcher;
    this.watcher = null;
    if (!watcher || this.broken) return;
    await Promise.race([watcher.cancel().catch(() => {}), new Promise((r) => setTimeout(r, 2000).unref())]);
    watcher.removeAllListeners();
  }
}
