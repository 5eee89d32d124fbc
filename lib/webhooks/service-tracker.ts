import 'server-only';
// service.lost-last-healthy: follows every instance under /services/ (read by the enabled layouts, as the Services
// page reads them) and reports the revision at which a service went from at least one "up" instance to none.
import type { IKeyValue, Namespace } from 'etcd3';
import { decodeBytes } from '../etcd/encoding';
import { enabledLayouts, type KnownLayout } from '../layouts/active';
import { logger } from '../log/logger';
import { layoutItem } from '../registry/layout-item';
import { forEachReadableRootPage } from '../registry/read-roots';
import type { ChangeEvent, ChangeMessage } from '../watch/messages';
import type { WatchSink, WatchTarget } from '../watch/shared-watch';

export const SERVICES_ROOT = '/services/';

export type LostService = { service: string; layout: string; key: string; revision: number };
type Instance = { entry: string; up: boolean };
type Subscribe = (target: WatchTarget, from: number | undefined, sink: WatchSink) => { close(): void };

export class ServiceTracker {
  private readonly instances = new Map<string, Instance>();
  private readonly up = new Map<string, number>();
  private layouts: KnownLayout[] = [];
  private subscription: { close(): void } | null = null;
  private stopped = false;

  constructor(
    private readonly options: {
      kv: () => Namespace;
      subscribe: Subscribe;
      onLost: (lost: LostService) => void;
    },
  ) {}

  /** Loads every instance at one revision, then follows the changes right after it. */
  async start(): Promise<void> {
    const revision = await this.load();
    if (this.stopped) return;
    this.subscription = this.options.subscribe(
      { kind: 'prefix', bytes: Buffer.from(SERVICES_ROOT) },
      revision + 1,
      {
        ready: () => {},
        change: (message) => this.apply(message),
        resync: () =>
          void this.load().catch((error) => logger.warn({ err: error }, 'service tracker reload failed')),
      },
    );
  }

  stop(): void {
    this.stopped = true;
    this.subscription?.close();
    this.subscription = null;
  }

  private async load(): Promise<number> {
    this.layouts = await enabledLayouts(false);
    this.instances.clear();
    this.up.clear();
    return forEachReadableRootPage(this.options.kv(), [SERVICES_ROOT], (page) => {
      for (const kv of page) this.set(kv.key.toString('utf8'), this.classify(kv));
    });
  }

  private classify(kv: IKeyValue): Instance | null {
    for (const { layout } of this.layouts) {
      const item = layoutItem(layout, kv);
      if (item) return { entry: `${item.service}\u0000${layout.id}`, up: item.status === 'up' };
    }
    return null;
  }

  private set(key: string, next: Instance | null): void {
    const before = this.instances.get(key);
    if (before?.up) this.up.set(before.entry, (this.up.get(before.entry) ?? 1) - 1);
    if (next) {
      this.instances.set(key, next);
      if (next.up) this.up.set(next.entry, (this.up.get(next.entry) ?? 0) + 1);
    } else this.instances.delete(key);
  }

  /** One revision's changes; a service whose last up instance went (deleted, expired, drained) is reported. */
  private apply(message: ChangeMessage): void {
    const hadUp = new Map<string, string>();
    for (const event of message.events) {
      if (event.keyEncoding === 'base64') continue;
      const before = this.instances.get(event.key);
      if (before && (this.up.get(before.entry) ?? 0) > 0 && !hadUp.has(before.entry))
        hadUp.set(before.entry, event.key);
      this.set(event.key, event.type === 'delete' ? null : this.classify(asKeyValue(event)));
    }
    for (const [entry, key] of hadUp) {
      if ((this.up.get(entry) ?? 0) > 0) continue;
      const [service = '', layout = ''] = entry.split('\u0000');
      this.options.onLost({ service, layout, key, revision: message.revision });
    }
  }
}

function asKeyValue(event: ChangeEvent): IKeyValue {
  return {
    key: Buffer.from(event.key),
    value: decodeBytes(event.value, event.valueEncoding ?? 'utf8'),
    lease: event.lease,
    create_revision: String(event.createRevision),
    mod_revision: String(event.modRevision),
    version: String(event.version),
  };
}
