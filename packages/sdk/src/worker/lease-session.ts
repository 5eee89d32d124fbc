// One lease and the registration written under it (a worker's, or a task's): grants, keeps alive, re-grants after a loss, and re-registers.
import type { Etcd3, Lease } from 'etcd3';
import { sleep } from './retry';

export type LeaseSessionOptions = {
  client: Etcd3;
  ttlSeconds: number;
  /** Writes the registration under the lease: at start, after touch(), and after every renewal. */
  register: (leaseId: string) => Promise<void>;
  /** The lease was lost: claims under it are gone or about to be. */
  onLost: () => void;
  /** A new lease is in place and registered. */
  onRenewed: (leaseId: string) => Promise<void>;
  onError: (error: unknown, where: string) => void;
};

export function isLeaseNotFound(error: unknown): boolean {
  return /lease not found/i.test(error instanceof Error ? error.message : String(error));
}

export class LeaseSession {
  private lease: Lease | null = null;
  private leaseId: string | null = null;
  private writeTimer: NodeJS.Timeout | null = null;
  private renewing: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly options: LeaseSessionOptions) {}

  /** The live lease id, or null while (re)granting. */
  get id(): string | null {
    return this.leaseId;
  }

  async start(): Promise<void> {
    const id = await this.grant();
    await this.register(id);
  }

  /** Rewrites the registration soon; many calls in a burst cost one write. */
  touch(): void {
    if (this.writeTimer || this.closed) return;
    this.writeTimer = setTimeout(() => {
      this.writeTimer = null;
      const id = this.leaseId;
      if (id) this.register(id).catch((error) => this.failed(error, 'register'));
    }, 200);
  }

  /** Reports that etcd refused our lease (e.g. on a put): start over with a new one. */
  failed(error: unknown, where: string): void {
    if (isLeaseNotFound(error)) this.renew();
    else {
      this.options.onError(error, where);
      this.touchLater();
    }
  }

  /** Revokes the lease, which deletes the registration and anything else still under it. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.writeTimer) clearTimeout(this.writeTimer);
    this.writeTimer = null;
    const lease = this.lease;
    this.lease = null;
    this.leaseId = null;
    if (lease) await Promise.race([lease.revoke().catch(() => lease.release()), sleep(2000)]);
  }

  private async grant(): Promise<string> {
    const lease = this.options.client.lease(this.options.ttlSeconds, { autoKeepAlive: true });
    const id = await lease.grant();
    if (this.closed) {
      await lease.revoke().catch(() => {});
      throw new Error('closed');
    }
    lease.on('lost', () => {
      if (this.lease === lease) this.renew();
    });
    this.lease = lease;
    this.leaseId = id;
    return id;
  }

  private register(id: string): Promise<void> {
    return this.options.register(id);
  }

  private touchLater(): void {
    setTimeout(() => this.touch(), 1000).unref();
  }

  private renew(): void {
    if (this.renewing || this.closed) return;
    this.lease?.release();
    this.lease = null;
    this.leaseId = null;
    this.options.onLost();
    this.renewing = this.renewLoop().finally(() => {
      this.renewing = null;
    });
  }

  private async renewLoop(): Promise<void> {
    for (let delay = 200; !this.closed; delay = Math.min(2000, delay * 2)) {
      try {
        const id = await this.grant();
        await this.register(id);
        await this.options.onRenewed(id);
        return;
      } catch (error) {
        if (this.closed) return;
        this.lease?.release();
        this.lease = null;
        this.leaseId = null;
        this.options.onError(error, 'lease');
        await sleep(delay);
      }
    }
  }
}
