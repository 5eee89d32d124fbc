// The canary overlays addressed to one instance (/_console/canary/<app>/<instance>/<changeset>), as last read, and
// what they ask for under the subscriber's prefix: later change sets (ids are time-ordered) win on a shared key.
import {
  type CanaryAck,
  canaryOverlaySchema,
  overlayEditBytes,
  splitCanaryKey,
} from '@etcd-console/core/config';
import type { FeedEvent } from '@etcd-console/core/etcd';
import type { IKeyValue } from 'etcd3';

type Overlay = { changeset: string; revision: number; values: Map<string, Buffer | null> };

export class CanaryOverlays {
  private readonly byChangeset = new Map<string, Overlay>();
  /** Overlay keys whose value was not a valid overlay: reported once each. */
  readonly malformed: string[] = [];

  constructor(private readonly prefix: string) {}

  reset(kvs: IKeyValue[]): void {
    this.byChangeset.clear();
    for (const kv of kvs) this.put(kv.key, kv.value, Number(kv.mod_revision));
  }

  apply(events: FeedEvent[]): void {
    for (const event of events) {
      const where = splitCanaryKey(event.key.toString('utf8'));
      if (!where) continue;
      if (event.type === 'delete') this.byChangeset.delete(where.changeset);
      else this.put(event.key, event.value, event.modRevision);
    }
  }

  /** The newest revision among the overlays (0: none). */
  revision(): number {
    return Math.max(0, ...[...this.byChangeset.values()].map((o) => o.revision));
  }

  /** Key (relative to the prefix) → canary bytes (null: deleted), and which change set each key comes from. */
  merged(): { values: Map<string, Buffer | null>; source: Map<string, Overlay> } {
    const values = new Map<string, Buffer | null>();
    const source = new Map<string, Overlay>();
    const ordered = [...this.byChangeset.values()].sort((a, b) => a.changeset.localeCompare(b.changeset));
    for (const overlay of ordered) {
      for (const [key, bytes] of overlay.values) {
        values.set(key, bytes);
        source.set(key, overlay);
      }
    }
    return { values, source };
  }

  /** The acknowledgement per change set: which of its keys show its value, which failed to parse. */
  acks(overlaid: ReadonlySet<string>, failed: ReadonlySet<string>): CanaryAck[] {
    const { source } = this.merged();
    const acks = new Map<string, CanaryAck>();
    for (const [key, overlay] of source) {
      const ack = acks.get(overlay.changeset) ?? {
        changeset: overlay.changeset,
        revision: overlay.revision,
        keys: [],
      };
      if (overlaid.has(key)) ack.keys.push(this.prefix + key);
      else if (failed.has(key)) ack.failedKeys = [...(ack.failedKeys ?? []), this.prefix + key];
      acks.set(overlay.changeset, ack);
    }
    return [...acks.values()];
  }

  private put(key: Buffer, value: Buffer, revision: number): void {
    const text = key.toString('utf8');
    const where = splitCanaryKey(text);
    if (!where) return;
    const parsed = (() => {
      try {
        return canaryOverlaySchema.safeParse(JSON.parse(value.toString('utf8')));
      } catch {
        return null;
      }
    })();
    if (!parsed?.success) {
      this.byChangeset.delete(where.changeset);
      this.malformed.push(text);
      return;
    }
    const values = new Map<string, Buffer | null>();
    for (const edit of parsed.data.edits) {
      // Only keys under this subscriber's prefix: the console writes no others, and no other would be config here.
      if (edit.key.startsWith(this.prefix))
        values.set(edit.key.slice(this.prefix.length), overlayEditBytes(edit));
    }
    this.byChangeset.set(where.changeset, { changeset: where.changeset, revision, values });
  }
}
