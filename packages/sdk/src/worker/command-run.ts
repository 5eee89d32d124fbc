// One claimed run of one command: calls the handler, feeds its progress and abort signal, records the outcome.

import type {
  ClaimRecord,
  CommandMode,
  CommandSpecRecord,
  ErrorRecord,
  ResultRecord,
  RunStatus,
} from '@etcd-console/core/worker';
import { releaseSlot, type SlotRef, writeProgress } from '@etcd-console/core/worker';
import type { Namespace } from 'etcd3';
import { ProgressThrottle } from './progress-throttle';
import { errorMessage } from './retry';

export type AbortReason = 'cancelled' | 'deadline' | 'lost' | 'closing';

/** The reason on ctx.signal when a run is aborted. */
export class CommandAbortError extends Error {
  constructor(
    readonly reason: AbortReason,
    message: string,
  ) {
    super(message);
    this.name = 'CommandAbortError';
  }
}

export type CommandContext = {
  commandId: string;
  group: string;
  type: string;
  mode: CommandMode;
  workerId: string;
  attempt: number;
  creator: string;
  createdAt: string;
  deadline: Date | null;
  /** Aborts when the command is cancelled, its deadline passes, the claim is lost or the worker closes. */
  signal: AbortSignal;
  /** Reports progress (0–100, or null for "unknown") under the worker's lease; throttled. */
  progress: (percent: number | null, message?: string) => void;
};

export type CommandHandler = (payload: unknown, ctx: CommandContext) => unknown;

export type RunDeps = {
  kv: Namespace;
  workerId: string;
  leaseId: () => string | null;
  progressIntervalMs: number;
  maxResultBytes: number;
  /**
   * Records the result while the claim is still ours (retrying through etcd outages): 'lost' when it no longer
   * was. `handlerReturned`: the run's slot is free, so the worker may claim its next command in the same step.
   */
  finish: (run: CommandRun, result: ResultRecord, handlerReturned: boolean) => Promise<'recorded' | 'lost'>;
  onSettled: (run: CommandRun, outcome: RunStatus | 'lost' | 'released') => void;
  onError: (error: unknown, where: string) => void;
};

const abortMessages: Record<AbortReason, string> = {
  cancelled: 'The command was cancelled.',
  deadline: 'The command passed its deadline.',
  lost: 'The worker lost its claim (its lease expired); another worker may run the command.',
  closing: 'The worker is closing; the command goes back to the queue.',
};

export class CommandRun {
  readonly ref: SlotRef;
  readonly startedAt = new Date();
  private readonly controller = new AbortController();
  private readonly progress: ProgressThrottle<{ percent: number | null; message: string }>;
  private last = { percent: null as number | null, message: '' };
  private deadlineTimer: NodeJS.Timeout | null = null;
  /** Set once the outcome is decided; later events change nothing. */
  private settled = false;
  private markHandlerDone: () => void = () => {};
  private claimWrites: Promise<unknown> = Promise.resolve();
  /** Resolves when the handler has returned or thrown, which can be after the run settled. */
  readonly handlerDone = new Promise<void>((resolve) => {
    this.markHandlerDone = resolve;
  });

  constructor(
    private readonly deps: RunDeps,
    readonly spec: CommandSpecRecord,
    readonly slot: string,
    readonly attempt: number,
    public claimRevision: number,
  ) {
    this.ref = { group: spec.group, id: spec.id, slot };
    this.progress = new ProgressThrottle(deps.progressIntervalMs, (value) => this.writeProgress(value));
  }

  get isSettled(): boolean {
    return this.settled;
  }

  /**
   * Runs the writes that compare the claim's revision (each attempt at recording the result, each move of the claim
   * onto a new lease) one at a time, each reading the revision as it goes out: a result sent with the revision from
   * before a move would fail its compare and leave the moved claim held on a live lease for ever.
   */
  onClaim<T>(write: () => Promise<T>): Promise<T> {
    const next = this.claimWrites.then(write, write);
    this.claimWrites = next.catch(() => undefined);
    return next;
  }

  claimRecord(): ClaimRecord {
    return { workerId: this.deps.workerId, attempt: this.attempt, claimedAt: this.startedAt.toISOString() };
  }

  start(handler: CommandHandler): void {
    if (this.spec.deadline) {
      const wait = Math.max(0, Date.parse(this.spec.deadline) - Date.now());
      this.deadlineTimer = setTimeout(() => void this.abort('deadline'), Math.min(wait, 2 ** 31 - 1));
    }
    Promise.resolve()
      .then(() => handler(this.spec.payload, this.context()))
      .then(
        (value) => this.handlerSettled({ ok: true, value }),
        (error: unknown) => this.handlerSettled({ ok: false, error }),
      )
      .finally(() => this.markHandlerDone());
  }

  /** Aborts the handler. Cancel waits for it to return; deadline, lost and closing settle at once. */
  async abort(reason: AbortReason): Promise<void> {
    if (this.settled) return;
    if (!this.controller.signal.aborted)
      this.controller.abort(new CommandAbortError(reason, abortMessages[reason]));
    if (reason === 'deadline') {
      // The handler may still be running: its slot is not free yet.
      await this.settle(this.failure('failed', { message: abortMessages.deadline, code: 'deadline' }), false);
    } else if (reason === 'lost') this.finish('lost');
    else if (reason === 'closing') await this.release();
  }

  private context(): CommandContext {
    const spec = this.spec;
    return {
      commandId: spec.id,
      group: spec.group,
      type: spec.type,
      mode: spec.mode,
      workerId: this.deps.workerId,
      attempt: this.attempt,
      creator: spec.creator,
      createdAt: spec.createdAt,
      deadline: spec.deadline ? new Date(spec.deadline) : null,
      signal: this.controller.signal,
      progress: (percent, message = '') => {
        const clamped =
          percent === null || !Number.isFinite(percent) ? null : Math.min(100, Math.max(0, percent));
        this.last = { percent: clamped, message: String(message) };
        this.progress.push(this.last);
      },
    };
  }

  private async writeProgress(value: { percent: number | null; message: string }): Promise<void> {
    const lease = this.deps.leaseId();
    if (!lease || this.settled) return;
    const record = {
      workerId: this.deps.workerId,
      attempt: this.attempt,
      ...value,
      updatedAt: new Date().toISOString(),
    };
    await writeProgress(this.deps.kv, this.ref, this.claimRevision, lease, record);
  }

  private handlerSettled(outcome: { ok: true; value: unknown } | { ok: false; error: unknown }): void {
    if (this.settled) return;
    if (outcome.ok) {
      const encoded = encodeResult(outcome.value, this.deps.maxResultBytes);
      if (typeof encoded === 'string')
        void this.settle(this.failure('failed', { message: encoded, code: 'result' }), true);
      else void this.settle(this.success(encoded.value), true);
      return;
    }
    const reason = this.controller.signal.reason;
    const cancelled = reason instanceof CommandAbortError && reason.reason === 'cancelled';
    void this.settle(
      this.failure(cancelled ? 'cancelled' : 'failed', describeError(outcome.error, cancelled)),
      true,
    );
  }

  private success(value: unknown): ResultRecord {
    return { ...this.base(), status: 'succeeded', result: value, error: null };
  }

  private failure(status: RunStatus, error: ErrorRecord): ResultRecord {
    return { ...this.base(), status, result: null, error };
  }

  private base() {
    return {
      workerId: this.deps.workerId,
      attempt: this.attempt,
      startedAt: this.startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      percent: this.last.percent,
      message: this.last.message,
    };
  }

  /** Records the result while the claim is ours. */
  private async settle(result: ResultRecord, handlerReturned: boolean): Promise<void> {
    if (this.settled) return;
    this.settled = true;
    this.stopTimers();
    try {
      const outcome = await this.deps.finish(this, result, handlerReturned);
      this.deps.onSettled(this, outcome === 'recorded' ? result.status : 'lost');
    } catch (error) {
      this.deps.onError(error, 'finish');
      this.deps.onSettled(this, 'lost');
    }
  }

  private async release(): Promise<void> {
    if (this.settled) return;
    this.settled = true;
    this.stopTimers();
    const record = { workerId: this.deps.workerId, at: new Date().toISOString(), reason: 'worker closing' };
    try {
      await releaseSlot(this.deps.kv, this.ref, this.claimRevision, this.attempt, record);
    } catch (error) {
      this.deps.onError(error, 'release'); // the lease revoke that follows frees the claim anyway
    }
    this.deps.onSettled(this, 'released');
  }

  private finish(outcome: 'lost'): void {
    this.settled = true;
    this.stopTimers();
    this.deps.onSettled(this, outcome);
  }

  private stopTimers(): void {
    this.progress.stop();
    if (this.deadlineTimer) clearTimeout(this.deadlineTimer);
    this.deadlineTimer = null;
  }
}

function encodeResult(value: unknown, maxBytes: number): { value: unknown } | string {
  try {
    const text = JSON.stringify(value ?? null);
    if (Buffer.byteLength(text) > maxBytes) return `The handler's result exceeds ${maxBytes} bytes of JSON.`;
    return { value: JSON.parse(text) };
  } catch (error) {
    return `The handler's result is not JSON-serialisable: ${errorMessage(error)}`;
  }
}

function describeError(error: unknown, cancelled: boolean): ErrorRecord {
  const code = (error as { code?: unknown } | null)?.code;
  return {
    message: errorMessage(error).slice(0, 4000) || 'The handler failed without a message.',
    ...(error instanceof Error ? { name: error.name } : {}),
    ...(typeof code === 'string' ? { code } : cancelled ? { code: 'cancelled' } : {}),
  };
}
