// Keeps the subscriber's status entry written under its own lease: one write in flight, the newest state wins.

import type { SubscriberStatus } from '@etcd-console/core/config';
import type { Lease, Namespace } from 'etcd3';

const RETRY_MS = 500;

export class StatusPublisher {
  private lease: Lease;
  private latest: SubscriberStatus | null = null;
  /** The status (without updatedAt) last written under the current lease. */
  private written: string | null = null;
  private writing: Promise<void> | null = null;
  private regrantTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly kv: Namespace,
    private readonly key: string,
    private readonly ttlSeconds: number,
    private readonly onError: (error: unknown) => void,
  ) {
    this.lease = this.grant();
  }

  /** Records the newest status; it is written as soon as the previous write is done. */
  publish(status: SubscriberStatus): void {
    this.latest = status;
    this.kick();
  }

  /** Revokes the lease, which deletes the entry. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.regrantTimer) clearTimeout(this.regrantTimer);
    await withTimeout(this.writing ?? Promise.resolve(), 2000);
    await withTimeout(this.lease.revoke(), 2000).catch(() => {});
  }

  private grant(): Lease {
    const lease = this.kv.lease(this.ttlSeconds, { autoKeepAlive: true });
    // A lost lease took the entry with it: grant a new one and write the entry again.
    lease.on('lost', (error) => {
      if (this.closed || lease !== this.lease || this.regrantTimer) return;
      this.onError(error);
      this.regrantTimer = setTimeout(() => {
        this.regrantTimer = null;
        if (this.closed) return;
        this.lease = this.grant();
        this.written = null;
        this.kick();
      }, RETRY_MS);
    });
    return lease;
  }

  private kick(): void {
    if (this.writing || this.closed) return;
    this.writing = this.writeNewest().finally(() => {
      this.writing = null;
      if (this.needsWrite()) this.kick();
    });
  }

  private needsWrite(): boolean {
    return !this.closed && this.latest !== null && JSON.stringify(this.latest) !== this.written;
  }

  private async writeNewest(): Promise<void> {
    while (this.needsWrite()) {
      const status = this.latest!;
      const body = JSON.stringify(status);
      const lease = this.lease;
      try {
        await lease.put(this.key).value(JSON.stringify({ ...status, updatedAt: new Date().toISOString() }));
        if (lease === this.lease) this.written = body;
      } catch (error) {
        if (this.closed) return;
        this.onError(error);
        await new Promise((r) => setTimeout(r, RETRY_MS));
      }
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return Promise.race([promise, new Promise<undefined>((r) => setTimeout(() => r(undefined), ms).unref())]);
}
