import 'server-only';
// Sending claimed deliveries: one bounded lane per endpoint, a few attempts in flight, retries on timers with
// exponential backoff; the record in etcd is rewritten after every attempt, so another replica can continue it.
import type { Namespace } from 'etcd3';
import { logger } from '../log/logger';
import { type HeldDelivery, saveDelivery } from './delivery-store';
import type { DeliveryRecord, StoredEndpoint } from './schemas';
import { openSecret } from './secret-box';
import { type SendOutcome, sendDelivery } from './send-delivery';

export type QueueOptions = {
  kv: () => Namespace;
  endpoint: (id: string) => Promise<StoredEndpoint | undefined>;
  /** The first retry waits this long, each next one twice as long. */
  backoffMs: number;
  maxAttempts: number;
  /** Deliveries waiting per endpoint (ready or for a retry) before the oldest is dropped. */
  maxQueue: number;
  /** Attempts in flight per endpoint. */
  concurrency: number;
};

type Lane = {
  ready: HeldDelivery[];
  waiting: Map<string, { held: HeldDelivery; timer: NodeJS.Timeout }>;
  running: number;
};

const ETCD_RETRY_MS = 5000;

export class DeliveryQueue {
  private readonly lanes = new Map<string, Lane>();
  private stopped = false;

  constructor(private readonly options: QueueOptions) {}

  /** Takes a claimed delivery; never waits for it to be sent. */
  enqueue(held: HeldDelivery): void {
    if (this.stopped) return;
    const lane = this.lane(held.record.endpointId);
    if (this.has(lane, held.record.id)) return;
    const due = held.record.nextAttemptAt ? Date.parse(held.record.nextAttemptAt) : 0;
    if (due > Date.now()) this.wait(lane, held, due - Date.now());
    else lane.ready.push(held);
    this.bound(lane);
    this.pump(lane);
  }

  stop(): void {
    this.stopped = true;
    for (const lane of this.lanes.values()) for (const w of lane.waiting.values()) clearTimeout(w.timer);
    this.lanes.clear();
  }

  /** Deliveries held by this replica and not finished (tests, metrics). */
  get size(): number {
    let n = 0;
    for (const lane of this.lanes.values()) n += lane.ready.length + lane.waiting.size + lane.running;
    return n;
  }

  private lane(endpointId: string): Lane {
    let lane = this.lanes.get(endpointId);
    if (!lane) {
      lane = { ready: [], waiting: new Map(), running: 0 };
      this.lanes.set(endpointId, lane);
    }
    return lane;
  }

  private has(lane: Lane, id: string): boolean {
    return lane.waiting.has(id) || lane.ready.some((h) => h.record.id === id);
  }

  private wait(lane: Lane, held: HeldDelivery, ms: number): void {
    const timer = setTimeout(() => {
      lane.waiting.delete(held.record.id);
      lane.ready.push(held);
      this.pump(lane);
    }, ms);
    timer.unref();
    lane.waiting.set(held.record.id, { held, timer });
  }

  /** Overwhelmed: the oldest waiting delivery is given up and recorded as dropped. */
  private bound(lane: Lane): void {
    while (lane.ready.length + lane.waiting.size > this.options.maxQueue) {
      let victim = lane.ready.shift();
      if (!victim) {
        const [id, oldest] = [...lane.waiting.entries()].sort(([a], [b]) => (a < b ? -1 : 1))[0]!;
        clearTimeout(oldest.timer);
        lane.waiting.delete(id);
        victim = oldest.held;
      }
      const record: DeliveryRecord = { ...victim.record, status: 'dropped', nextAttemptAt: null };
      void saveDelivery(this.options.kv(), victim, record).catch((error) =>
        logger.warn(
          { err: error, delivery: record.id },
          'webhook delivery dropped; its record could not be updated',
        ),
      );
    }
  }

  private pump(lane: Lane): void {
    while (!this.stopped && lane.running < this.options.concurrency && lane.ready.length > 0) {
      const held = lane.ready.shift()!;
      lane.running += 1;
      void this.attempt(lane, held).finally(() => {
        lane.running -= 1;
        this.pump(lane);
      });
    }
  }

  private async attempt(lane: Lane, held: HeldDelivery): Promise<void> {
    const { record } = held;
    const endpoint = await this.options.endpoint(record.endpointId);
    let next: DeliveryRecord;
    if (!endpoint?.enabled) {
      next = { ...record, status: 'dropped', nextAttemptAt: null };
    } else {
      const outcome = await this.send(endpoint, record);
      next = this.afterAttempt(record, outcome);
    }
    if (this.stopped) return;
    try {
      const saved = await saveDelivery(this.options.kv(), held, next);
      // Another replica continued it (this one was thought gone), or the endpoint was deleted: let go.
      if (saved?.record.status === 'pending')
        this.wait(lane, saved, Date.parse(saved.record.nextAttemptAt!) - Date.now());
    } catch (error) {
      logger.warn({ err: error, delivery: record.id }, 'webhook delivery record not saved; retrying later');
      if (!this.stopped) this.wait(lane, held, ETCD_RETRY_MS);
    }
  }

  private async send(endpoint: StoredEndpoint, record: DeliveryRecord): Promise<SendOutcome> {
    const secret = openSecret(endpoint.secret);
    if (secret === null) {
      const error = 'the secret cannot be opened (CONSOLE_SESSION_SECRET changed?): rotate the secret';
      return { ok: false, attempt: { at: new Date().toISOString(), error, ms: 0 } };
    }
    return sendDelivery(endpoint.url, secret, record);
  }

  private afterAttempt(record: DeliveryRecord, outcome: SendOutcome): DeliveryRecord {
    const attempts = [...record.attempts, outcome.attempt];
    if (outcome.ok) return { ...record, attempts, status: 'delivered', nextAttemptAt: null };
    if (attempts.length >= this.options.maxAttempts) {
      return { ...record, attempts, status: 'failed', nextAttemptAt: null };
    }
    const delay = this.options.backoffMs * 2 ** (attempts.length - 1);
    return {
      ...record,
      attempts,
      status: 'pending',
      nextAttemptAt: new Date(Date.now() + delay).toISOString(),
    };
  }
}
