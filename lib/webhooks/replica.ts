import 'server-only';
// Each running dispatcher announces itself on a short lease: a pending delivery whose owner's key is gone belonged
// to a replica that stopped, and another replica continues it from its record (lib/webhooks/resume.ts).
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Lease, Namespace } from 'etcd3';
import { logger } from '../log/logger';
import { replicaKey } from './keys';

const REPLICA_TTL_SECONDS = 10;
const REGRANT_MS = 2000;

export function newReplicaId(): string {
  return `${os
    .hostname()
    .replace(/[^A-Za-z0-9.-]/g, '')
    .slice(0, 40)}-${randomBytes(4).toString('hex')}`;
}

export class ReplicaPresence {
  private lease: Lease | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(
    private readonly kv: () => Namespace,
    readonly id: string,
  ) {}

  async start(): Promise<void> {
    const lease = this.kv().lease(REPLICA_TTL_SECONDS);
    this.lease = lease;
    lease.on('lost', () => {
      if (this.stopped || this.lease !== lease) return;
      logger.warn({ replica: this.id }, 'webhook replica lease lost; announcing again');
      this.later();
    });
    await lease
      .put(replicaKey(this.id))
      .value(JSON.stringify({ host: os.hostname(), since: new Date().toISOString() }));
  }

  private later(): void {
    if (this.stopped) return;
    this.retry = setTimeout(() => void this.start().catch(() => this.later()), REGRANT_MS);
    this.retry.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    await this.lease?.revoke().catch(() => {});
    this.lease = null;
  }
}

/** Whether the replica holding a delivery is still running (its lease-bound key exists). */
export async function replicaAlive(kv: Namespace, id: string): Promise<boolean> {
  return (await kv.get(replicaKey(id)).exec()).kvs.length > 0;
}
