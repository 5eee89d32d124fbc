// One config subscription: load at a revision, apply watch batches in order, resync after compaction, acknowledge.
import os from 'node:os';
import {
  CANARY_ROOT,
  canaryPrefix,
  STATUS_ROOT,
  type SubscriberError,
  type SubscriberStatus,
  statusKey,
} from '@etcd-console/core/config';
import { type FeedBatch, PrefixMirror, readPrefix, WatchFeed } from '@etcd-console/core/etcd';
import type { IKeyValue } from 'etcd3';
import type { SdkHandle } from '../connection';
import { CanaryOverlays } from './canary-overlays';
import { ConfigState, type ValueFailure } from './config-state';
import {
  type ChangeInfo,
  ConfigSubscriberError,
  type ConfigSubscription,
  type SubscribeConfigOptions,
} from './options';
import type { ParseFormat } from './parse';
import { StatusPublisher } from './status-publisher';
import { SDK_VERSION } from './version';

const RESYNC_BACKOFF_MS = [100, 250, 500, 1000, 2000];
const MAX_FAILED_KEYS = 50;

export type SubscriberSettings<T> = SubscribeConfigOptions<T> & {
  instanceId: string;
  parse: ParseFormat;
  leaseTtlSeconds: number;
};

export class Subscriber<T> implements ConfigSubscription<T> {
  readonly app: string;
  readonly instanceId: string;
  readonly prefix: string;
  private readonly state: ConfigState<T>;
  private readonly publisher: StatusPublisher;
  private readonly startedAt = new Date().toISOString();
  private feed: WatchFeed | null = null;
  private readonly overlays: CanaryOverlays;
  private canaryMirror: PrefixMirror | null = null;
  private loaded = false;
  /** Every change to state runs on this chain, one at a time, in revision order. */
  private chain: Promise<void> = Promise.resolve();
  private pending: FeedBatch[] = [];
  private drainQueued = false;
  private applied = 0;
  private appliedAt = this.startedAt;
  private applyError: SubscriberError | undefined;
  private closed = false;

  constructor(
    private readonly settings: SubscriberSettings<T>,
    private readonly handle: SdkHandle,
  ) {
    this.app = settings.app;
    this.instanceId = settings.instanceId;
    this.prefix = settings.prefix;
    this.state = new ConfigState<T>(settings.parse);
    this.overlays = new CanaryOverlays(settings.prefix);
    this.publisher = new StatusPublisher(
      handle.kv,
      statusKey(this.app, this.instanceId),
      settings.leaseTtlSeconds,
      (e) =>
        this.report(
          new ConfigSubscriberError('status', `status entry: ${errorText(e)}`, undefined, undefined, {
            cause: e,
          }),
        ),
    );
  }

  get revision(): number {
    return this.applied;
  }

  get(key: string): T | undefined {
    return this.state.get(key);
  }

  snapshot(): ReadonlyMap<string, T> {
    return this.state.snapshot();
  }

  /** The canary overlays, then the first load and onChange (with them applied), then the watch. */
  async start(): Promise<void> {
    await this.startCanary();
    await this.onChain(() => this.loadAndApply(false));
    await this.openFeed();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.canaryMirror?.close();
    this.canaryMirror = null;
    await this.feed?.close();
    this.feed = null;
    await this.publisher.close();
    this.handle.release();
  }

  private async loadAndApply(resync: boolean): Promise<void> {
    const loaded = await readPrefix(this.handle.kv, this.prefix);
    const entries = loaded.kvs.flatMap((kv) => this.entryFor(kv));
    const { changedKeys, failures } = this.state.replaceAll(entries);
    this.reportFailures(failures);
    if (!resync || changedKeys.length > 0)
      await this.deliver({ revision: loaded.revision, changedKeys, resync });
    this.loaded = true;
    this.markApplied(loaded.revision);
  }

  /** Follows this instance's canary overlays; without read access there it runs on production values only. */
  private async startCanary(): Promise<void> {
    if (this.settings.canary === false) return;
    const mirror = new PrefixMirror(this.handle.kv, canaryPrefix(this.app, this.instanceId), {
      reset: (kvs) => this.schedule(() => this.applyOverlay(() => this.overlays.reset(kvs))),
      apply: (batch) => this.schedule(() => this.applyOverlay(() => this.overlays.apply(batch.events))),
      onError: (error, where) =>
        this.report(
          new ConfigSubscriberError('canary', `canary ${where}: ${errorText(error)}`, undefined, undefined, {
            cause: error,
          }),
        ),
    });
    try {
      await mirror.start();
      this.canaryMirror = mirror;
    } catch (error) {
      await mirror.close();
      this.report(
        new ConfigSubscriberError(
          'canary',
          `canary overlays unavailable, production values only: ${errorText(error)}`,
          undefined,
          undefined,
          { cause: error },
        ),
      );
    }
  }

  /** Applies the overlays as they now are; the app hears of the keys whose shown value changed. */
  private async applyOverlay(update: () => void): Promise<void> {
    if (this.closed) return;
    update();
    for (const key of this.overlays.malformed.splice(0)) {
      this.report(new ConfigSubscriberError('canary', `${key}: not a canary overlay, ignored`));
    }
    const { changedKeys, failures } = this.state.setOverlay(
      this.overlays.merged().values,
      this.overlays.revision(),
    );
    this.reportFailures(failures);
    // Before the first load the load itself delivers the snapshot, overlay included.
    if (!this.loaded) return;
    if (changedKeys.length > 0) await this.deliver({ revision: this.applied, changedKeys, resync: false });
    this.publisher.publish(this.status());
  }

  private entryFor(kv: IKeyValue): Array<{ key: string; value: Buffer; revision: number }> {
    const key = this.relativeKey(kv.key);
    return key === null ? [] : [{ key, value: kv.value, revision: Number(kv.mod_revision) }];
  }

  /** The key relative to the prefix; null for the status area and the canary overlays, which are never config. */
  private relativeKey(key: Buffer): string | null {
    const text = key.toString('utf8');
    if (text.startsWith(STATUS_ROOT) || text.startsWith(CANARY_ROOT)) return null;
    return text.slice(this.prefix.length);
  }

  private async openFeed(): Promise<void> {
    const feed: WatchFeed = new WatchFeed(this.handle.kv, this.prefix, this.applied, {
      onBatch: (batch) => this.enqueue(feed, batch),
      onBroken: (error) => this.handleBroken(feed, error),
    });
    this.feed = feed;
    try {
      await feed.open();
    } catch (error) {
      if (this.feed === feed) this.feed = null;
      await feed.close();
      throw error;
    }
    // close() may have run while the watch was being created.
    if (this.closed) await feed.close();
  }

  private enqueue(feed: WatchFeed, batch: FeedBatch): void {
    if (this.closed || feed !== this.feed) return;
    this.pending.push(batch);
    if (this.drainQueued) return;
    this.drainQueued = true;
    this.schedule(() => this.drain());
  }

  /** Applies every batch received so far as one change: revisions are never split, only coalesced. */
  private async drain(): Promise<void> {
    this.drainQueued = false;
    const batches = this.pending.splice(0);
    const changed = new Set<string>();
    const failures: ValueFailure[] = [];
    let revision = this.applied;
    for (const batch of batches) {
      const relevant = batch.events.filter((e) => this.relativeKey(e.key) !== null);
      // A batch of status-area events only (our own acknowledgements) must not advance us, or we would loop.
      if (batch.events.length > 0 && relevant.length === 0) continue;
      for (const event of relevant) {
        const key = this.relativeKey(event.key)!;
        if (event.type === 'delete') {
          if (this.state.delete(key)) changed.add(key);
          continue;
        }
        const outcome = this.state.put(key, event.value, event.modRevision);
        if (outcome.changed) changed.add(key);
        if (outcome.failure) failures.push(outcome.failure);
      }
      revision = Math.max(revision, batch.revision);
    }
    if (revision === this.applied || this.closed) return;
    this.reportFailures(failures);
    if (changed.size > 0) await this.deliver({ revision, changedKeys: [...changed], resync: false });
    this.markApplied(revision);
  }

  /** Runs a task on the chain and hands its outcome to the caller. */
  private onChain(task: () => Promise<void>): Promise<void> {
    const run = this.chain.then(task);
    this.chain = run.catch(() => {});
    return run;
  }

  /** Queues a task on the chain; a task that throws is reported and never stalls the tasks behind it. */
  private schedule(task: () => Promise<void>): void {
    this.chain = this.chain.then(task).catch((error) => {
      this.report(
        new ConfigSubscriberError('apply', `internal: ${errorText(error)}`, undefined, undefined, {
          cause: error,
        }),
      );
    });
  }

  private handleBroken(feed: WatchFeed, error: Error): void {
    if (this.closed || feed !== this.feed) return;
    this.feed = null;
    this.report(
      new ConfigSubscriberError(
        'watch',
        `watch cancelled, reloading: ${error.message}`,
        undefined,
        undefined,
        { cause: error },
      ),
    );
    this.schedule(() => this.resync());
  }

  /** Reloads the prefix at a fresh revision and watches on from there, retrying while etcd is away. */
  private async resync(): Promise<void> {
    for (let attempt = 0; !this.closed; attempt++) {
      try {
        await this.loadAndApply(true);
        if (this.closed) return;
        await this.openFeed();
        return;
      } catch (error) {
        if (this.closed) return;
        this.report(
          new ConfigSubscriberError('watch', `resync failed: ${errorText(error)}`, undefined, undefined, {
            cause: error,
          }),
        );
        const wait = RESYNC_BACKOFF_MS[Math.min(attempt, RESYNC_BACKOFF_MS.length - 1)]!;
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  private async deliver(info: ChangeInfo): Promise<void> {
    try {
      await this.settings.onChange(this.state.snapshot(), info);
      this.applyError = undefined;
    } catch (error) {
      const message = `onChange threw: ${errorText(error)}`;
      this.applyError = { revision: info.revision, message, at: new Date().toISOString() };
      this.report(new ConfigSubscriberError('apply', message, undefined, info.revision, { cause: error }));
    }
  }

  private markApplied(revision: number): void {
    this.applied = revision;
    this.appliedAt = new Date().toISOString();
    this.publisher.publish(this.status());
  }

  private status(): SubscriberStatus {
    // The status names keys in full (relative to the root namespace), as the console shows them.
    const failures = this.state.currentFailures().map((f) => ({ ...f, key: this.prefix + f.key }));
    const errors: SubscriberError[] = this.applyError ? [...failures, this.applyError] : failures;
    const lastError = errors.reduce<SubscriberError | undefined>(
      (a, b) => (a && a.revision > b.revision ? a : b),
      undefined,
    );
    const canary = this.overlays.acks(this.state.overlaidKeys(), this.state.failedOverlayKeys());
    return {
      app: this.app,
      instance: this.instanceId,
      host: os.hostname(),
      pid: process.pid,
      sdkVersion: SDK_VERSION,
      prefix: this.prefix,
      parse: this.settings.parse,
      appliedRevision: this.applied,
      appliedAt: this.appliedAt,
      startedAt: this.startedAt,
      ...(lastError ? { lastError } : {}),
      ...(failures.length > 0 ? { failedKeys: failures.slice(-MAX_FAILED_KEYS).map((f) => f.key) } : {}),
      ...(canary.length > 0 ? { canary } : {}),
    };
  }

  private reportFailures(failures: ValueFailure[]): void {
    for (const f of failures) {
      this.report(
        new ConfigSubscriberError(
          'parse',
          `${f.key} (revision ${f.revision}): ${f.message}`,
          f.key,
          f.revision,
        ),
      );
    }
  }

  private report(error: ConfigSubscriberError): void {
    if (this.settings.onError) this.settings.onError(error);
    else process.stderr.write(`[config ${this.app}/${this.instanceId}] ${error.message}\n`);
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
