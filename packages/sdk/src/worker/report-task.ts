// reportTask: a standalone work report under its own lease, with a durable record that outlives it.
import os from 'node:os';
import type { ErrorRecord, TaskLiveRecord, TaskRecord } from '@etcd-console/core/worker';
import { dispatchName, newId, taskKey, taskRecordKey } from '@etcd-console/core/worker';
import { openConnection, type SdkConnection, type SdkHandle } from '../connection';
import { LeaseSession } from './lease-session';
import { errorMessage, retryTransient } from './retry';

export type ReportTaskOptions = SdkConnection & {
  name: string;
  /** Defaults to a new time-ordered id. */
  id?: string;
  /** The parent task's id: the console shows this task under it. */
  parent?: string | null;
  /** Lease TTL: the console shows the task as lost this long after the reporter dies. Default 5. */
  ttlSeconds?: number;
  onError?: (error: unknown, where: string) => void;
};

export type TaskReport = {
  readonly id: string;
  /** Updates percent (0–100, or null) and message; writes are coalesced. */
  progress: (percent: number | null, message?: string) => void;
  done: (result?: unknown) => Promise<void>;
  fail: (error: unknown) => Promise<void>;
  /** Starts a child task on the same connection. */
  subtask: (name: string, options?: { id?: string }) => Promise<TaskReport>;
};

export async function reportTask(options: ReportTaskOptions): Promise<TaskReport> {
  const report = new Report(options, openConnection(options));
  await report.start();
  return report;
}

class Report implements TaskReport {
  readonly id: string;
  private live: TaskLiveRecord;
  private readonly session: LeaseSession;
  private finished = false;

  constructor(
    private readonly options: ReportTaskOptions,
    private readonly handle: SdkHandle,
  ) {
    this.id = dispatchName.parse(options.id ?? newId());
    const now = new Date().toISOString();
    this.live = {
      id: this.id,
      name: String(options.name).slice(0, 500),
      parent: options.parent ? dispatchName.parse(options.parent) : null,
      percent: null,
      message: '',
      hostname: os.hostname(),
      pid: process.pid,
      startedAt: now,
      updatedAt: now,
    };
    this.session = new LeaseSession({
      client: handle.client,
      ttlSeconds: options.ttlSeconds ?? 5,
      register: (leaseId) => this.write(leaseId),
      onLost: () => {},
      onRenewed: async () => {},
      onError: (error, where) => options.onError?.(error, where),
    });
  }

  async start(): Promise<void> {
    try {
      await this.session.start();
    } catch (error) {
      this.handle.release();
      throw error;
    }
  }

  progress(percent: number | null, message = ''): void {
    if (this.finished) return;
    const clamped =
      percent === null || !Number.isFinite(percent) ? null : Math.min(100, Math.max(0, percent));
    this.live = {
      ...this.live,
      percent: clamped,
      message: String(message),
      updatedAt: new Date().toISOString(),
    };
    this.session.touch();
  }

  done(result: unknown = null): Promise<void> {
    return this.finish({
      state: 'succeeded',
      result: JSON.parse(JSON.stringify(result ?? null)),
      error: null,
    });
  }

  fail(error: unknown): Promise<void> {
    const record: ErrorRecord = {
      message: errorMessage(error),
      ...(error instanceof Error ? { name: error.name } : {}),
    };
    return this.finish({ state: 'failed', result: null, error: record });
  }

  subtask(name: string, options: { id?: string } = {}): Promise<TaskReport> {
    return reportTask({
      name,
      id: options.id,
      parent: this.id,
      client: this.handle.client,
      prefix: this.handle.prefix,
      ttlSeconds: this.options.ttlSeconds,
      onError: this.options.onError,
    });
  }

  /** The live entry (leased) and the durable record, in one step. */
  private async write(leaseId: string): Promise<void> {
    const record: TaskRecord = {
      ...this.live,
      state: 'running',
      finishedAt: null,
      result: null,
      error: null,
    };
    const kv = this.handle.kv;
    await kv
      .if(taskRecordKey(this.id), 'Version', '>', -1)
      .then(
        kv.put(taskKey(this.id)).value(JSON.stringify(this.live)).lease(leaseId),
        kv.put(taskRecordKey(this.id)).value(JSON.stringify(record)),
      )
      .commit();
  }

  private async finish(outcome: Pick<TaskRecord, 'state' | 'result' | 'error'>): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    const now = new Date().toISOString();
    const record: TaskRecord = { ...this.live, ...outcome, updatedAt: now, finishedAt: now };
    const kv = this.handle.kv;
    const giveUpAt = Date.now() + 30_000;
    try {
      await retryTransient(
        () =>
          kv
            .if(taskRecordKey(this.id), 'Version', '>', -1)
            .then(
              kv.put(taskRecordKey(this.id)).value(JSON.stringify(record)),
              kv.delete().key(taskKey(this.id)),
            )
            .commit(),
        () => Date.now() > giveUpAt,
        1000,
      );
    } finally {
      await this.session.close();
      this.handle.release();
    }
  }
}
