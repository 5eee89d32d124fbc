// Sends the finishes and claims a worker makes within one event-loop turn as one etcd transaction. Each keeps its own
// compares, nested (etcd ≥ 3.3), so each succeeds or fails exactly as it would alone; a turn with one step sends it
// as it is. Every worker watches every key of its group, and what costs each of them is a watch message (one per
// revision), not an event: a worker whose handlers return together, and claims their successors, writes one.

import type { ResultRecord } from '@etcd-console/core/worker';
import {
  type ClaimRequest,
  claimSlot,
  finishOutcome,
  finishSlot,
  nestedClaim,
  nestedFinish,
  type SlotRef,
} from '@etcd-console/core/worker';
import type { Namespace } from 'etcd3';

type Settle<T> = { resolve: (value: T) => void; reject: (error: unknown) => void };
type Step =
  | ({ kind: 'finish'; ref: SlotRef; claimRevision: number; result: ResultRecord } & Settle<
      'recorded' | 'lost'
    >)
  | ({ kind: 'claim'; request: ClaimRequest } & Settle<number | null>);

/** etcd refuses transactions of more than --max-txn-ops (128) operations per branch; stay far below. */
const MAX_STEPS = 32;

export class RunBatch {
  private steps: Step[] = [];
  private scheduled = false;

  constructor(private readonly kv: Namespace) {}

  /** finishSlot, sent with whatever else this turn produced. Rejects when etcd could not be asked. */
  finish(ref: SlotRef, claimRevision: number, result: ResultRecord): Promise<'recorded' | 'lost'> {
    return new Promise((resolve, reject) =>
      this.add({ kind: 'finish', ref, claimRevision, result, resolve, reject }),
    );
  }

  /** claimSlot, sent with whatever else this turn produced: the claim's revision, or null when it lost. */
  claim(request: ClaimRequest): Promise<number | null> {
    return new Promise((resolve, reject) => this.add({ kind: 'claim', request, resolve, reject }));
  }

  private add(step: Step): void {
    this.steps.push(step);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const steps = this.steps;
      this.steps = [];
      for (let i = 0; i < steps.length; i += MAX_STEPS) void this.send(steps.slice(i, i + MAX_STEPS));
    });
  }

  private async send(steps: Step[]): Promise<void> {
    if (steps.length === 1) return this.sendAlone(steps[0]!);
    try {
      const ops = steps.map((step) =>
        step.kind === 'finish'
          ? nestedFinish(this.kv, step.ref, step.claimRevision, step.result)
          : nestedClaim(this.kv, step.request),
      );
      const res = await this.kv.kv.txn({
        compare: [],
        success: await Promise.all(ops.map((op) => op.op())),
        failure: [],
      });
      steps.forEach((step, i) => {
        const nested = res.responses[i]?.response_txn;
        if (!nested) step.reject(new Error('etcd answered a batched transaction without its nested result'));
        else if (step.kind === 'finish') step.resolve(finishOutcome(nested, step.result));
        else step.resolve(nested.succeeded ? Number(res.header.revision) : null);
      });
    } catch (error) {
      for (const step of steps) step.reject(error);
    }
  }

  private async sendAlone(step: Step): Promise<void> {
    try {
      if (step.kind === 'finish')
        step.resolve(await finishSlot(this.kv, step.ref, step.claimRevision, step.result));
      else step.resolve(await claimSlot(this.kv, step.request));
    } catch (error) {
      step.reject(error);
    }
  }
}
