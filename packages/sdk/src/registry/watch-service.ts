// watchService(): a mirror of a service's directory: its instances loaded once, then every change (no gap, no repeat).

import { PrefixMirror } from '@etcd-console/core/etcd';
import {
  decodeInstance,
  registryName,
  type ServiceInstance,
  serviceDir,
  splitInstanceKey,
} from '@etcd-console/core/registry';
import type { IKeyValue, Namespace } from 'etcd3';
import { openConnection, type SdkConnection } from '../connection';
import { settleWithin } from './timers';

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
  private readonly mirror: PrefixMirror;

  constructor(
    kv: Namespace,
    private readonly service: string,
    private readonly onChange: (change: ServiceChange) => void,
    private readonly onError: (error: unknown) => void,
  ) {
    this.mirror = new PrefixMirror(kv, serviceDir(service), {
      reset: (kvs, revision, reason) => {
        this.table.clear();
        for (const kv of kvs) this.put(kv);
        this.revision = revision;
        this.publish(reason);
      },
      apply: (batch) => {
        let changed = false;
        for (const event of batch.events) {
          if (event.type === 'put') changed = this.put(event.kv) || changed;
          else changed = this.remove(event.key.toString('utf8')) || changed;
        }
        this.revision = Math.max(this.revision, batch.revision);
        if (changed) this.publish('update');
      },
      onError: (error) => this.onError(error),
    });
  }

  instances(): ServiceInstance[] {
    return [...this.table.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  currentRevision(): number {
    return this.revision;
  }

  async start(): Promise<void> {
    await this.mirror.start();
  }

  async close(): Promise<void> {
    await settleWithin(this.mirror.close(), 2000);
  }

  /** An instance key of this service put: in the table when it decodes, out of it when it does not. */
  private put(kv: IKeyValue): boolean {
    const names = splitInstanceKey(kv.key.toString('utf8'));
    if (!names || names.service !== this.service) return false;
    const decoded = decodeInstance(kv);
    if (decoded?.ok) this.table.set(names.id, decoded.instance);
    else this.table.delete(names.id);
    return true;
  }

  private remove(key: string): boolean {
    const names = splitInstanceKey(key);
    if (!names || names.service !== this.service) return false;
    this.table.delete(names.id);
    return true;
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
