// Keeps one instance registered: a lease kept alive, the key written on it, and a fresh registration whenever
// either is lost (lease expired during an outage, key deleted).

import { pinResume } from '@etcd-console/core/etcd';
import { encodeInstanceValue, type InstanceDocument, parseInstanceValue } from '@etcd-console/core/registry';
import type { IKeyValue, Lease, Namespace, Watcher } from 'etcd3';
import { nextDelay, pause, settleWithin } from './timers';

export type { InstanceDocument };

export type RegistrationEvent =
  | { type: 'registered'; lease: string; revision: number; reregistration: boolean }
  | { type: 'lost'; reason: string }
  | { type: 'error'; error: unknown }
  | { type: 'closed' };

const RETRY_MIN_MS = 200;
const RETRY_MAX_MS = 2000;
const CLOSE_DEADLINE_MS = 2000;

export class InstanceRegistration {
  private lease: Lease | null = null;
  private leaseId: string | undefined;
  private lastPutRevision = 0;
  private watcher: Watcher | null = null;
  private recovering: Promise<void> | null = null;
  private keepaliveFailing = false;
  private closing: Promise<void> | null = null;
  private readonly stop = new AbortController();

  constructor(
    private readonly kv: Namespace,
    readonly key: string,
    private doc: InstanceDocument,
    private readonly ttl: number,
    private readonly emit: (event: RegistrationEvent) => void,
  ) {}

  get closed(): boolean {
    return this.stop.signal.aborted;
  }

  currentLease(): string | undefined {
    return this.leaseId;
  }

  document(): InstanceDocument {
    return { ...this.doc };
  }

  /** The first registration; throws when etcd refuses it, so a misconfigured service fails at start. */
  async start(): Promise<void> {
    await this.register(false);
  }

  /** Rewrites the document on the current lease (self-drain, weight change). */
  async update(change: Partial<Pick<InstanceDocument, 'status' | 'weight' | 'metadata'>>): Promise<void> {
    this.doc = { ...this.doc, ...change };
    if (!this.leaseId || this.closed) return;
    const res = await this.kv.put(this.key).value(this.encode()).lease(this.leaseId).exec();
    this.lastPutRevision = Number(res.header.revision);
  }

  /** Revokes the lease (the key goes with it) and stops every timer, stream and keepalive. */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    this.stop.abort();
    // A registration still in flight revokes its own lease when it sees we are closed.
    if (this.recovering) await settleWithin(this.recovering, CLOSE_DEADLINE_MS);
    const watcher = this.watcher;
    this.watcher = null;
    if (watcher) await settleWithin(watcher.cancel(), CLOSE_DEADLINE_MS);
    const lease = this.lease;
    this.lease = null;
    this.leaseId = undefined;
    if (lease) {
      try {
        await lease.revoke({ deadline: Date.now() + CLOSE_DEADLINE_MS });
      } catch (error) {
        // The key still expires with its lease; say so and move on.
        this.emit({ type: 'error', error });
      }
    }
    this.emit({ type: 'closed' });
  }

  private encode(): string {
    return encodeInstanceValue({ ...this.doc, registeredAt: new Date().toISOString() });
  }

  /** Grants a lease, writes the key on it, then retires the previous lease (which no longer holds the key). */
  private async register(reregistration: boolean): Promise<void> {
    const lease = this.kv.lease(this.ttl, { autoKeepAlive: true });
    lease.on('lost', (error) => this.onLeaseLost(lease, error));
    lease.on('keepaliveFailed', () => {
      if (lease === this.lease) this.keepaliveFailing = true;
    });
    lease.on('keepaliveSucceeded', () => this.onKeepalive(lease));
    let revision: number;
    let id: string;
    try {
      id = await lease.grant();
      const res = await this.kv.put(this.key).value(this.encode()).lease(id).exec();
      revision = Number(res.header.revision);
    } catch (error) {
      // A lease granted before the put failed holds nothing; let etcd drop it.
      lease.revoke().catch(() => {});
      throw error;
    }
    if (this.closed) {
      await lease.revoke().catch(() => {});
      return;
    }
    const previous = this.lease;
    this.lease = lease;
    this.leaseId = id;
    this.lastPutRevision = revision;
    this.keepaliveFailing = false;
    previous?.revoke().catch(() => {});
    if (!this.watcher) await this.watchOwnKey(revision + 1);
    this.emit({ type: 'registered', lease: id, revision, reregistration });
  }

  /** Watching our own key catches a delete (lease expiry, an operator) sooner than the lease's `lost`. */
  private async watchOwnKey(fromRevision: number): Promise<void> {
    const watcher = await this.kv.watch().key(this.key).startRevision(String(fromRevision)).create();
    if (this.closed) {
      await settleWithin(watcher.cancel(), CLOSE_DEADLINE_MS);
      return;
    }
    this.watcher = watcher;
    // Resume after the last event seen, not etcd3's header-revision guess, so a reconnect cannot skip a delete.
    let applied = fromRevision - 1;
    pinResume(watcher, () => applied);
    watcher.on('put', (kv) => {
      applied = Math.max(applied, Number(kv.mod_revision));
      this.onOwnPut(kv);
    });
    watcher.on('delete', (kv) => {
      applied = Math.max(applied, Number(kv.mod_revision));
      this.onOwnDelete(kv);
    });
    watcher.on('error', () => {
      // Cancelled by etcd (e.g. compaction while disconnected): check the key and watch again.
      this.watcher = null;
      this.recover('key watch cancelled');
    });
  }

  private onOwnPut(kv: IKeyValue): void {
    if (this.closed || kv.lease !== this.leaseId) return;
    // Someone (the console) changed our document on our lease: keep that across re-registrations.
    const parsed = parseInstanceValue(kv.value.toString('utf8'));
    if ('value' in parsed)
      this.doc = { ...this.doc, status: parsed.value.status, weight: parsed.value.weight };
  }

  private onOwnDelete(kv: IKeyValue): void {
    if (this.closed || Number(kv.mod_revision) < this.lastPutRevision) return;
    this.recover('instance key deleted');
  }

  private onLeaseLost(lease: Lease, error: Error): void {
    if (lease !== this.lease || this.closed) return;
    this.recover(error.message || 'lease lost');
  }

  private onKeepalive(lease: Lease): void {
    if (lease !== this.lease || !this.keepaliveFailing) return;
    this.keepaliveFailing = false;
    void this.verify();
  }

  /** After an outage the lease may have survived while the key did not: make sure both are there. */
  private async verify(): Promise<void> {
    try {
      const res = await this.kv.get(this.key).exec();
      const kv = res.kvs[0];
      if (!kv || kv.lease !== this.leaseId) this.recover('instance key missing after reconnect');
    } catch {
      // Still unreachable; the next keepalive failure and success bring us back here.
    }
  }

  /** Registers again on a new lease, retrying with backoff until it works or close() is called. */
  private recover(reason: string): void {
    if (this.recovering || this.closed) return;
    this.emit({ type: 'lost', reason });
    this.recovering = (async () => {
      let delay = RETRY_MIN_MS;
      while (!this.closed) {
        try {
          await this.register(true);
          return;
        } catch (error) {
          this.emit({ type: 'error', error });
          await pause(delay, this.stop.signal);
          delay = nextDelay(delay, RETRY_MAX_MS);
        }
      }
    })().finally(() => {
      this.recovering = null;
    });
  }
}
