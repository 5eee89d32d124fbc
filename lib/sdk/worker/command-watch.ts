// Keeps a CommandTable equal to etcd's /commands/<group>/ keys: one snapshot, then a watch that misses nothing.
import type { IWatchResponse, Namespace, Watcher } from 'etcd3';
import { isCompactedError } from '../../api/etcd-errors';
import { type CommandKeys, CommandTable } from './command-table';
import { rangePrefix } from './range';
import { sleep } from './retry';

export type CommandWatchOptions = {
  kv: Namespace;
  prefix: string;
  /** Called after each batch of changes; `reset` after a fresh snapshot replaced the table. */
  onChange: (touched: Set<CommandKeys>, reset: boolean) => void;
  onError: (error: unknown, where: string) => void;
};

export class CommandWatch {
  readonly table = new CommandTable();
  /** The last revision fully applied to the table. */
  private applied = 0;

  /** Every change up to this revision is in the table. */
  get appliedRevision(): number {
    return this.applied;
  }
  private watcher: Watcher | null = null;
  private closed = false;

  constructor(private readonly options: CommandWatchOptions) {}

  /** Loads the snapshot and starts watching; resolves once both are in place. */
  async start(): Promise<void> {
    await this.reload();
  }

  async close(): Promise<void> {
    this.closed = true;
    const watcher = this.watcher;
    this.watcher = null;
    // cancel() waits for etcd to confirm; do not let a dead connection hold up shutdown.
    if (watcher) await Promise.race([watcher.cancel().catch(() => {}), sleep(1000)]);
  }

  private async reload(): Promise<void> {
    for (let delay = 200; !this.closed; delay = Math.min(2000, delay * 2)) {
      try {
        const snapshot = await rangePrefix(this.options.kv, this.options.prefix);
        this.table.clear();
        for (const kv of snapshot.kvs) this.table.put(kv);
        this.applied = snapshot.revision;
        this.options.onChange(new Set(this.table.values()), true);
        await this.watchFromApplied();
        return;
      } catch (error) {
        this.options.onError(error, 'load');
        await sleep(delay);
      }
    }
  }

  private async watchFromApplied(): Promise<void> {
    const watcher = await this.options.kv
      .watch()
      .prefix(this.options.prefix)
      .startRevision(String(this.applied + 1))
      .create();
    if (this.closed) {
      await watcher.cancel().catch(() => {});
      return;
    }
    this.watcher = watcher;
    // etcd3 resumes from the last header it saw, which can skip replayed events; resume from what we applied.
    watcher.on('connecting', () => {
      watcher.request.start_revision = String(this.applied + 1);
    });
    watcher.on('data', (res) => this.apply(res));
    watcher.on('error', (error) => void this.recover(watcher, error));
  }

  private apply(res: IWatchResponse): void {
    if (res.events.length === 0) {
      // A progress notification: every change up to this revision has been delivered.
      if (!res.created && !res.canceled) this.applied = Math.max(this.applied, Number(res.header.revision));
      return;
    }
    const touched = new Set<CommandKeys>();
    for (const event of res.events) {
      const entry =
        event.type === 'Put' ? this.table.put(event.kv) : this.table.delete(event.kv.key.toString());
      if (entry) touched.add(entry);
      this.applied = Math.max(this.applied, Number(event.kv.mod_revision));
    }
    if (touched.size === 0) return;
    try {
      this.options.onChange(touched, false);
    } catch (error) {
      // Thrown inside etcd3's event dispatch it would crash the process; report it instead.
      this.options.onError(error, 'change');
    }
  }

  /** A cancelled watch (compaction, or etcd refusing it) is gone for good: start over from a fresh snapshot. */
  private async recover(watcher: Watcher, error: unknown): Promise<void> {
    if (this.closed || this.watcher !== watcher) return;
    this.watcher = null;
    await watcher.cancel().catch(() => {});
    if (!isCompactedError(error)) this.options.onError(error, 'watch');
    await this.reload();
  }
}
