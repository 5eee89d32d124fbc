// startWorker: registers under a lease, mirrors its group's commands, claims what it can run, runs it.
import os from 'node:os';
import type {
  CommandKeys,
  ResultRecord,
  RunningEntry,
  RunStatus,
  WorkerRecord,
} from '@etcd-console/core/worker';
import {
  commandGroupDir,
  defaultWorkerId,
  dispatchName,
  finishSlot,
  rebindSlot,
  workerKey,
} from '@etcd-console/core/worker';
import { openConnection, type SdkConnection, type SdkHandle } from '../connection';
import { ClaimPlanner, type PendingClaim } from './claim-planner';
import { type CommandHandler, CommandRun, type RunDeps } from './command-run';
import { CommandWatch } from './command-watch';
import { GroupMembers } from './group-members';
import { isLeaseNotFound, LeaseSession } from './lease-session';
import type { Member } from './rendezvous';
import { retryTransient, sleep } from './retry';
import { RunBatch } from './run-batch';

export type WorkerEvent =
  | { type: 'claimed'; commandId: string; commandType: string; slot: string; attempt: number }
  | {
      type: 'finished';
      commandId: string;
      slot: string;
      attempt: number;
      outcome: RunStatus | 'lost' | 'released';
    }
  | { type: 'lease-lost' }
  | { type: 'lease-renewed'; leaseId: string }
  | { type: 'error'; where: string; error: unknown };

export type WorkerOptions = SdkConnection & {
  group: string;
  /** Unique within the group; defaults to hostname-pid. */
  id?: string;
  handlers: Record<string, CommandHandler>;
  /** How many commands run at once (the registered capacity). Default 1. */
  concurrency?: number;
  /** Lease TTL: a dead worker's claims free up this long after its last keepalive. Default 5. */
  ttlSeconds?: number;
  /** Your program's version, shown in the console. */
  version?: string;
  /** Minimum gap between progress writes per run. Default 500 ms. */
  progressIntervalMs?: number;
  /** Results above this many bytes of JSON are recorded as failures. Default 1 MiB. */
  maxResultBytes?: number;
  onEvent?: (event: WorkerEvent) => void;
};

export type Worker = {
  readonly id: string;
  readonly group: string;
  leaseId: () => string | null;
  running: () => RunningEntry[];
  /** Stops claiming, waits up to graceMs (default 10 s) for running commands, releases the rest, revokes the lease. */
  close: (options?: { graceMs?: number }) => Promise<void>;
};

export async function startWorker(options: WorkerOptions): Promise<Worker> {
  const worker = new DispatchWorker(options);
  await worker.start();
  return worker;
}

class DispatchWorker implements Worker {
  readonly id: string;
  readonly group: string;
  private readonly handle: SdkHandle;
  private readonly session: LeaseSession;
  private readonly watch: CommandWatch;
  private readonly planner: ClaimPlanner;
  private readonly members: GroupMembers;
  private readonly batch: RunBatch;
  private readonly runs = new Map<string, CommandRun>();
  /** Runs whose handler has not returned yet: what counts against capacity. */
  private readonly active = new Set<CommandRun>();
  private readonly startedAt = new Date().toISOString();
  private readonly deps: RunDeps;
  private tick: NodeJS.Timeout | null = null;
  /** A planned look at the queue (a waiting command becomes ours to take); at most one, the earliest. */
  private wake: { timer: NodeJS.Timeout; at: number } | null = null;
  private scheduled = false;
  private closing: Promise<void> | null = null;

  constructor(private readonly options: WorkerOptions) {
    this.group = dispatchName.parse(options.group);
    this.id = dispatchName.parse(options.id ?? defaultWorkerId());
    this.handle = openConnection(options);
    this.batch = new RunBatch(this.handle.kv);
    const ttlSeconds = options.ttlSeconds ?? 5;
    this.session = new LeaseSession({
      client: this.handle.client,
      ttlSeconds,
      register: async (leaseId) => {
        const value = JSON.stringify(this.record(ttlSeconds));
        await this.handle.kv.put(workerKey(this.group, this.id)).value(value).lease(leaseId).exec();
      },
      onLost: () => this.emit({ type: 'lease-lost' }),
      onRenewed: (leaseId) => this.rebindRuns(leaseId),
      onError: (error, where) => this.emit({ type: 'error', where, error }),
    });
    this.watch = new CommandWatch({
      kv: this.handle.kv,
      prefix: commandGroupDir(this.group),
      onChange: (touched, reset) => this.commandsChanged(touched, reset),
      onError: (error, where) => this.emit({ type: 'error', where, error }),
    });
    this.deps = {
      kv: this.handle.kv,
      workerId: this.id,
      leaseId: () => this.session.id,
      progressIntervalMs: options.progressIntervalMs ?? 500,
      maxResultBytes: options.maxResultBytes ?? 1024 * 1024,
      finish: (run, result, handlerReturned) => this.finishRun(run, result, handlerReturned),
      onSettled: (run, outcome) => this.runSettled(run, outcome),
      onError: (error, where) => this.emit({ type: 'error', where, error }),
    };
    const types = new Set(Object.keys(options.handlers));
    const self: Member = { id: this.id, weight: this.capacity, types };
    this.members = new GroupMembers({
      kv: this.handle.kv,
      group: this.group,
      self,
      onError: (error, where) => this.emit({ type: 'error', where, error }),
    });
    this.planner = new ClaimPlanner({
      kv: this.handle.kv,
      workerId: this.id,
      types,
      leaseId: () => this.session.id,
      members: this.members,
      self,
      onError: (error, where) => this.leaseError(error, where),
    });
  }

  async start(): Promise<void> {
    try {
      await this.session.start();
      await this.members.start();
      await this.watch.start();
    } catch (error) {
      await this.shutdown();
      throw error;
    }
    this.tick = setInterval(() => this.scheduleSoon(), 1000);
    this.scheduleSoon();
  }

  leaseId(): string | null {
    return this.session.id;
  }

  running(): RunningEntry[] {
    return [...this.runs.values()].map((run) => ({
      commandId: run.spec.id,
      type: run.spec.type,
      slot: run.slot,
      attempt: run.attempt,
      since: run.startedAt.toISOString(),
    }));
  }

  close(options: { graceMs?: number } = {}): Promise<void> {
    this.closing ??= this.drainAndClose(options.graceMs ?? 10_000);
    return this.closing;
  }

  private async drainAndClose(graceMs: number): Promise<void> {
    if (this.tick) clearInterval(this.tick);
    this.tick = null;
    this.wakeAt(null);
    const until = Date.now() + graceMs;
    while (this.runs.size > 0 && Date.now() < until) await sleep(50);
    await Promise.all([...this.runs.values()].map((run) => run.abort('closing')));
    await this.shutdown();
  }

  private async shutdown(): Promise<void> {
    this.members.close();
    await this.watch.close();
    await this.session.close();
    this.handle.release();
  }

  private record(ttlSeconds: number): WorkerRecord {
    return {
      id: this.id,
      group: this.group,
      hostname: os.hostname(),
      pid: process.pid,
      capacity: this.capacity,
      version: this.options.version ?? '',
      types: Object.keys(this.options.handlers),
      ttlSeconds,
      startedAt: this.startedAt,
      updatedAt: new Date().toISOString(),
      running: this.running(),
    };
  }

  private get capacity(): number {
    return Math.max(1, Math.floor(this.options.concurrency ?? 1));
  }

  private emit(event: WorkerEvent): void {
    try {
      this.options.onEvent?.(event);
    } catch {
      // a listener's bug must not stop the worker
    }
  }

  private leaseError(error: unknown, where: string): void {
    if (isLeaseNotFound(error)) this.session.failed(error, where);
    else this.emit({ type: 'error', where, error });
  }

  /** Reacts to changes: cancel markers and vanished claims reach running handlers; new work gets claimed. */
  private commandsChanged(touched: Set<CommandKeys>, reset: boolean): void {
    const now = Date.now();
    // Most changes are other workers' claims and results: nothing to plan after those.
    let actionable = reset;
    if (reset) this.planner.reset(touched, now);
    else for (const entry of touched) actionable = this.planner.update(entry, now) || actionable;
    for (const entry of touched) {
      const run = this.runs.get(entry.id);
      if (!run || run.isSettled) continue;
      if (entry.cancel) void run.abort('cancelled');
      const claim = entry.runs.get(run.slot)?.claim;
      const seenOurClaim = this.watch.appliedRevision >= run.claimRevision;
      if (seenOurClaim && (!claim || claim.data?.workerId !== this.id)) void run.abort('lost');
    }
    if (actionable) this.scheduleSoon();
  }

  private scheduleSoon(): void {
    if (this.scheduled || this.closing) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.schedule();
    });
  }

  private async schedule(): Promise<void> {
    const leaseId = this.session.id;
    if (!leaseId || this.closing) return;
    const free = this.capacity - this.active.size;
    const plan = this.planner.plan(this.runs, leaseId, free, Date.now());
    this.wakeAt(plan.wakeAt);
    for (const adopted of plan.adopt)
      this.begin(adopted.entry, adopted.slot, adopted.attempt, adopted.claimRevision);
    await Promise.all([
      ...plan.claim.map(({ entry, slot }) => this.sendClaim(this.planner.prepare(entry, slot, leaseId))),
      ...plan.expire.map(({ entry, slot }) => this.planner.expire(entry, slot)),
    ]);
  }

  /** Sends a held claim (with this turn's other claims and finishes) and starts its run when it was taken. */
  private async sendClaim(pending: PendingClaim): Promise<void> {
    let revision: number | null = null;
    try {
      revision = await this.batch.claim(pending.request);
    } catch (error) {
      this.leaseError(error, 'claim');
    }
    const claimed = this.planner.settle(pending, revision);
    if (claimed) this.begin(pending.entry, pending.slot, claimed.attempt, claimed.claimRevision);
    else {
      // Lost a race: perhaps a worker joined that our ranking does not know yet.
      this.members.refresh();
      this.scheduleSoon();
    }
  }

  /**
   * Records a run's result. When its handler returned, its slot is free at once: the next command is claimed now,
   * so that result and claim travel in the same transaction (RunBatch).
   */
  private async finishRun(
    run: CommandRun,
    result: ResultRecord,
    handlerReturned: boolean,
  ): Promise<'recorded' | 'lost'> {
    if (handlerReturned) this.active.delete(run);
    const leaseId = this.session.id;
    if (handlerReturned && leaseId && !this.closing) {
      const next = this.planner.next(this.runs, leaseId, this.capacity - this.active.size, Date.now());
      if (next) void this.sendClaim(next);
    }
    // Each attempt reads the claim's revision when it goes out, never across a rebind (CommandRun.onClaim).
    try {
      return await run.onClaim(() => this.batch.finish(run.ref, run.claimRevision, result));
    } catch {
      // Alone now, retried through outages; it recognises its own result if the batch applied after all.
      return retryTransient(
        () => run.onClaim(() => finishSlot(this.handle.kv, run.ref, run.claimRevision, result)),
        () => false,
      );
    }
  }

  /** Plans again at `at` (ms), unless an earlier look is planned; null cancels. The 1 s tick covers later times. */
  private wakeAt(at: number | null): void {
    if (at === null || this.closing) {
      if (this.wake) clearTimeout(this.wake.timer);
      this.wake = null;
      return;
    }
    const wait = at - Date.now();
    if (wait > 1000 || (this.wake && this.wake.at <= at)) return;
    if (this.wake) clearTimeout(this.wake.timer);
    const timer = setTimeout(
      () => {
        if (this.wake?.timer === timer) this.wake = null;
        this.scheduleSoon();
      },
      Math.max(0, wait),
    );
    this.wake = { timer, at };
  }

  private begin(entry: CommandKeys, slot: string, attempt: number, claimRevision: number): void {
    const spec = entry.spec?.data;
    const handler = spec ? this.options.handlers[spec.type] : undefined;
    if (!spec || !handler || this.runs.has(entry.id)) return;
    const run = new CommandRun(this.deps, spec, slot, attempt, claimRevision);
    this.runs.set(entry.id, run);
    this.planner.noteRun(entry.id, claimRevision);
    this.active.add(run);
    void run.handlerDone.then(() => {
      this.active.delete(run);
      this.scheduleSoon();
    });
    this.emit({ type: 'claimed', commandId: spec.id, commandType: spec.type, slot, attempt });
    this.session.touch();
    run.start(handler);
    if (this.closing) void run.abort('closing');
  }

  private runSettled(run: CommandRun, outcome: RunStatus | 'lost' | 'released'): void {
    if (this.runs.get(run.spec.id) === run) this.runs.delete(run.spec.id);
    const entry = this.watch.table.get(run.spec.id);
    if (entry) this.planner.block(entry);
    this.emit({ type: 'finished', commandId: run.spec.id, slot: run.slot, attempt: run.attempt, outcome });
    this.session.touch();
    this.scheduleSoon();
  }

  /** After a new lease: move each held claim onto it, or give up runs whose claim already expired. */
  private async rebindRuns(leaseId: string): Promise<void> {
    this.emit({ type: 'lease-renewed', leaseId });
    await Promise.all(
      [...this.runs.values()].map(async (run) => {
        // Also a run whose result is still being recorded: its claim must outlive the old lease until it is.
        const rebind = () =>
          run.onClaim(async () => {
            const revision = await rebindSlot(
              this.handle.kv,
              run.ref,
              run.claimRevision,
              leaseId,
              run.claimRecord(),
            );
            if (revision !== null) run.claimRevision = revision;
            return revision;
          });
        const revision = await retryTransient(rebind, () => this.closing !== null).catch(() => null);
        if (revision === null) return run.abort('lost');
        this.planner.noteRun(run.spec.id, revision);
      }),
    );
    this.scheduleSoon();
  }
}
