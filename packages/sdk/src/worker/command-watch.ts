// Keeps a CommandTable equal to etcd's /commands/<group>/ keys: a mirror of the prefix (load, then every change).
import { type FeedBatch, PrefixMirror } from '@etcd-console/core/etcd';
import { type CommandKeys, CommandTable } from '@etcd-console/core/worker';
import type { Namespace } from 'etcd3';

export type CommandWatchOptions = {
  kv: Namespace;
  prefix: string;
  /** Called after each batch of changes; `reset` after a fresh snapshot replaced the table. */
  onChange: (touched: Set<CommandKeys>, reset: boolean) => void;
  onError: (error: unknown, where: string) => void;
};

export class CommandWatch {
  readonly table = new CommandTable();
  private readonly mirror: PrefixMirror;

  constructor(private readonly options: CommandWatchOptions) {
    this.mirror = new PrefixMirror(
      options.kv,
      options.prefix,
      {
        reset: (kvs) => {
          this.table.clear();
          for (const kv of kvs) this.table.put(kv);
          options.onChange(new Set(this.table.values()), true);
        },
        apply: (batch) => this.apply(batch),
        onError: (error, where) => options.onError(error, where === 'handler' ? 'change' : where),
      },
      // A worker may start while etcd is down: keep trying.
      { retryFirstLoad: true },
    );
  }

  /** Every change up to this revision is in the table. */
  get appliedRevision(): number {
    return this.mirror.appliedRevision;
  }

  /** Loads the snapshot and starts watching; resolves once both are in place. */
  async start(): Promise<void> {
    await this.mirror.start();
  }

  async close(): Promise<void> {
    await this.mirror.close();
  }

  private apply(batch: FeedBatch): void {
    const touched = new Set<CommandKeys>();
    for (const event of batch.events) {
      const entry = event.type === 'put' ? this.table.put(event.kv) : this.table.delete(event.key.toString());
      if (entry) touched.add(entry);
    }
    if (touched.size > 0) this.options.onChange(touched, false);
  }
}
