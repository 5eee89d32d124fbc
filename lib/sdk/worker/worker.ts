// startWorker: registers under a lease, mirrors its group's commands, claims what it can run, runs it.
import os from 'node:os';
import { openConnection, type SdkConnection, type SdkHandle } from '../connection';
import { ClaimPlanner } from './claim-planner';
import { type CommandHandler, CommandRun, type RunDeps } from './command-run';
import type { CommandKeys } from './command-table';
import { CommandWatch } from './command-watch';
import { commandGroupDir, workerKey } from './keys';
import { isLeaseNotFound, LeaseSession } from './lease-session';
import { defaultWorkerId, dispatchName } from './names';
import type { RunningEntry, RunStatus, WorkerRecord } from './records';
import { retryTransient, sleep } from './retry';
import { rebindSlot } from './run-txns';

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
  private readonly runs = new Map<string, CommandRun>();
  /** Runs whose handler has not returned yet: what counts against capacity. */
  private readonly active = new Set<CommandRun>();
  private readonly startedAt = new Date().toISOString();
  private readonly deps: RunDeps;
  private tick: NodeJS.Timeout | null = null;
  private scheduled = false;
  private closing: Promise<void> | null = null;

  constructor(private readonly options: WorkerOptions) {
    this.group = dispatchName.parse(options.group);
    this.id = dispatchName.parse(options.id ?? defaultWorkerId());
    this.handle = openConnection(options);
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
      onChange: (touched, reset) =>
        this.commandsChanged(reset ? new Set(this.watch.table.values()) : touched),
      onError: (error, where) => this.emit({ type: 'error', where, error }),
    });
    this.deps = {
      kv: this.handle.kv,
      workerId: this.id,
      leaseId: () => this.session.id,
      progressIntervalMs: options.progressIntervalMs ?? 500,
      maxResultBytes: options.maxResultBytes ?? 1024 * 1024,
      onSettled: (run, outcome) => this.runSettled(run, outcome),
      onError: (error, where) => this.emit({ type: 'error', where, error }),
    };
    this.planner = new ClaimPlanner({
      kv: this.handle.kv,
      workerId: this.id,
      types: new Set(Object.keys(options.handlers)),
      onError: (error, where) => this.leaseError(error, where),
    });
  }

  async start(): Promise<void> {
    try {
      await this.session.start();
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
    const until = Date.now() + graceMs;
    while (this.runs.size > 0 && Date.now() < until) await sleep(50);
    await Promise.all([...this.runs.values()].map((run) => run.abort('closing')));
    await this.shutdown();
  }

  private async shutdown(): Promise<void> {
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
  private commandsChanged(touched: Set<CommandKeys>): void {
    for (const entry of touched) {
      const run = this.runs.get(entry.id);
      if (!run || run.isSettled) continue;
      if (entry.cancel) void run.abort('cancelled');
      const claim = entry.runs.get(run.slot)?.claim;
      const seenOurClaim = this.watch.appliedRevision >= run.claimRevision;
      if (seenOurClaim && (!claim || claim.data?.workerId !== this.id)) void run.abort('lost');
    }
    this.scheduleSoon();
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
    const plan = this.planner.plan(this.watch.table.values(), this.runs, leaseId, free, Date.now());
    for (const adopted of plan.adopt)
      this.begin(adopted.entry, adopted.slot, adopted.attempt, adopted.claimRevision);
    await Promise.all([
      ...plan.claim.map(async ({ entry, slot }) => {
        const claimed = await this.planner.claim(entry, slot, leaseId);
        if (claimed) this.begin(entry, slot, claimed.attempt, claimed.claimRevision);
        else this.scheduleSoon();
      }),
      ...plan.expire.map(({ entry, slot }) => this.planner.expire(entry, slot)),
    ]);
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
        const rebind = () =>
          rebindSlot(this.handle.kv, run.ref, run.claimRevision, leaseId, run.claimRecord());
        const revision = await retryTransient(rebind, () => this.closing !== null).catch(() => null);
        if (revision === null) return run.abort('lost');
        run.claimRevision = revision;
        this.planner.noteRun(run.spec.id, revision);
      }),
    );
    this.scheduleSoon();
  }
}
