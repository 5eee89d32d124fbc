// watchService(): load a service's instances once, then follow every change from the next revision (no gap).
import type { IWatchResponse, Namespace, Watcher } from 'etcd3';
import { openConnection, type SdkConnection } from '../connection';
import { readService } from './discover';
import { decodeInstance, type ServiceInstance } from './instance';
import { registryName, serviceDir, splitInstanceKey } from './keys';
import { nextDelay, pause, settleWithin } from './timers';

export type ServiceChange = {
  service: string;
  /** Every instance, up and draining, by id. */
  instances: ServiceInstance[];
  revision: number;
  /** initial: the first load; update: watch events; resync: reloaded after the watch was cancelled. */
  reason: 'initial' | 'update' | 'resync';
};

export type ServiceWatch = {
  instances(): ServiceInstance[];
  revision(): number;
  close(): Promise<void>;
};

export type WatchServiceOptions = SdkConnection & { onError?: (error: unknown) => void };

class ServiceWatcher {
  private readonly table = new Map<string, ServiceInstance>();
  private revision = 0;
  /** Newest revision whose events have been applied; a reconnect resumes right after it. */
  private applied = 0;
  private watcher: Watcher | null = null;
  private resyncing = false;
  private readonly stop = new AbortController();

  constructor(
    private readonly kv: Namespace,
    private readonly service: string,
    private readonly onChange: (change: ServiceChange) => void,
    private readonly onError: (error: unknown) => void,
  ) {}

  instances(): ServiceInstance[] {
    return [...this.table.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  currentRevision(): number {
    return this.revision;
  }

  async start(): Promise<void> {
    await this.load('initial');
  }

  async close(): Promise<void> {
    this.stop.abort();
    const watcher = this.watcher;
    this.watcher = null;
    if (watcher) await settleWithin(watcher.cancel(), 2000);
  }

  /** Reads the service at one revision, publishes it, then watches from the revision after it. */
  private async load(reason: ServiceChange['reason']): Promise<void> {
    const snapshot = await readService(this.kv, this.service);
    this.table.clear();
    for (const instance of snapshot.instances) this.table.set(instance.id, instance);
    this.revision = snapshot.revision;
    this.applied = snapshot.revision;
    this.publish(reason);
    const watcher = await this.kv
      .watch()
      .prefix(serviceDir(this.service))
      .startRevision(String(snapshot.revision + 1))
      .create();
    if (this.stop.signal.aborted) {
      await settleWithin(watcher.cancel(), 2000);
      return;
    }
    this.watcher = watcher;
    // etcd3 resumes from the last header revision + 1, which skips events a catch-up response had not sent yet.
    watcher.on('connecting', () => {
      watcher.request.start_revision = String(this.applied + 1);
    });
    watcher.on('data', (res: IWatchResponse) => this.apply(res));
    // etcd cancelled the watch (e.g. its revision was compacted while we were away): load again.
    watcher.on('error', (error) => {
      this.watcher = null;
      this.onError(error);
      void this.resync();
    });
  }

  private apply(res: IWatchResponse): void {
    let changed = false;
    for (const event of res.events) {
      this.applied = Math.max(this.applied, Number(event.kv.mod_revision));
      const names = splitInstanceKey(event.kv.key.toString('utf8'));
      if (!names || names.service !== this.service) continue;
      const decoded = event.type === 'Put' ? decodeInstance(event.kv) : null;
      if (decoded?.ok) this.table.set(names.id, decoded.instance);
      else this.table.delete(names.id);
      changed = true;
    }
    this.revision = Math.max(this.revision, Number(res.header.revision));
    if (changed) this.publish('update');
  }

  private async resync(): Promise<void> {
    if (this.resyncing) return;
    this.resyncing = true;
    let delay = 200;
    while (!this.stop.signal.aborted) {
      try {
        await this.load('resync');
        break;
      } catch (error) {
        this.onError(error);
        await pause(delay, this.stop.signal);
        delay = nextDelay(delay, 2000);
      }
    }
    this.resyncing = false;
  }

  private publish(reason: ServiceChange['reason']): void {
    try {
      this.onChange({ service: this.service, instances: this.instances(), revision: this.revision, reason });
    } catch (error) {
      this.onError(error);
    }
  }
}

/** Calls `onChange` with the full table once loaded and after every change. Close it when done. */
export async function watchService(
  service: string,
  onChange: (change: ServiceChange) => void,
  options: WatchServiceOptions = {},
): Promise<ServiceWatch> {
  registryName.parse(service);
  const handle = openConnection(options);
  const watcher = new ServiceWatcher(handle.kv, service, onChange, options.onError ?? (() => {}));
  try {
    await watcher.start();
  } catch (error) {
    await watcher.close();
    handle.release();
    throw error;
  }
  return {
    instances: () => watcher.instances(),
    revision: () => watcher.currentRevision(),
    close: async () => {
      await watcher.close();
      handle.release();
    },
  };
}
