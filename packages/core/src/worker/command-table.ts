// An in-memory copy of the keys under /commands/<group>/..., grouped per command and decoded once, when first read.
import type { IKeyValue } from 'etcd3';
import type { z } from 'zod';
import { type HistoryEvent, parseCommandKey, type RunField } from './keys';
import {
  type CancelRecord,
  type ClaimRecord,
  type CommandSpecRecord,
  cancelRecord,
  claimRecord,
  commandSpecRecord,
  decodeRecord,
  type HistoryRecord,
  historyRecord,
  type ProgressRecord,
  progressRecord,
  type ResultRecord,
  type RetryRecord,
  resultRecord,
  retryRecord,
} from './records';

export type Stored<T> = {
  readonly key: string;
  readonly modRevision: number;
  readonly createRevision: number;
  /** Decimal lease id, "0" when none. */
  readonly lease: string;
  /** null when the bytes do not decode. */
  readonly data: T | null;
};

export type RunKeys = {
  claim?: Stored<ClaimRecord>;
  progress?: Stored<ProgressRecord>;
  result?: Stored<ResultRecord>;
};

/** attempt → event → entry */
export type SlotHistory = Map<number, Map<HistoryEvent, Stored<HistoryRecord>>>;

export type CommandKeys = {
  group: string;
  id: string;
  spec?: Stored<CommandSpecRecord>;
  cancel?: Stored<CancelRecord>;
  runs: Map<string, RunKeys>;
  history: Map<string, SlotHistory>;
  retries: Map<string, Stored<RetryRecord>>;
  /** Bumped on every change, so callers can tell whether a command moved since they last looked. */
  version: number;
};

const runSchemas = { claim: claimRecord, progress: progressRecord, result: resultRecord } as const;

type RawKey = Omit<Stored<never>, 'data'> & { value: Buffer };

export function storedFromKv(kv: IKeyValue): RawKey {
  return {
    key: kv.key.toString(),
    modRevision: Number(kv.mod_revision),
    createRevision: Number(kv.create_revision),
    lease: kv.lease ? String(kv.lease) : '0',
    value: kv.value,
  };
}

/**
 * A stored key whose JSON is parsed and validated on first read of `data`. Every worker mirrors every key of its
 * group, but reads few of them (specs, its own claims): most history, progress and results are never decoded.
 */
class StoredRecord<T> implements Stored<T> {
  readonly key: string;
  readonly modRevision: number;
  readonly createRevision: number;
  readonly lease: string;
  private value: Buffer | null;
  private decoded: T | null = null;

  constructor(
    raw: RawKey,
    private readonly schema: z.ZodType<T>,
  ) {
    this.key = raw.key;
    this.modRevision = raw.modRevision;
    this.createRevision = raw.createRevision;
    this.lease = raw.lease;
    this.value = raw.value;
  }

  get data(): T | null {
    if (this.value) {
      this.decoded = decodeRecord(this.schema, this.value);
      this.value = null;
    }
    return this.decoded;
  }
}

export class CommandTable {
  private readonly commands = new Map<string, CommandKeys>();

  get(id: string): CommandKeys | undefined {
    return this.commands.get(id);
  }

  values(): IterableIterator<CommandKeys> {
    return this.commands.values();
  }

  get size(): number {
    return this.commands.size;
  }

  clear(): void {
    this.commands.clear();
  }

  /** Applies a put; returns the command it touched, or null for keys outside the protocol. */
  put(kv: IKeyValue): CommandKeys | null {
    const raw = storedFromKv(kv);
    const parsed = parseCommandKey(raw.key);
    if (!parsed) return null;
    const entry = this.entry(parsed.group, parsed.id);
    const part = parsed.part;
    switch (part.kind) {
      case 'spec':
        entry.spec = new StoredRecord(raw, commandSpecRecord);
        break;
      case 'cancel':
        entry.cancel = new StoredRecord(raw, cancelRecord);
        break;
      case 'run':
        this.putRun(entry, part.slot, part.field, raw);
        break;
      case 'history':
        this.slotHistory(entry, part.slot, part.attempt).set(
          part.event,
          new StoredRecord(raw, historyRecord),
        );
        break;
      case 'retry':
        entry.retries.set(part.newId, new StoredRecord(raw, retryRecord));
        break;
    }
    entry.version++;
    return entry;
  }

  /** Applies a delete; returns the command it touched. */
  delete(key: string): CommandKeys | null {
    const parsed = parseCommandKey(key);
    if (!parsed) return null;
    const entry = this.commands.get(parsed.id);
    if (!entry) return null;
    const part = parsed.part;
    if (part.kind === 'spec') entry.spec = undefined;
    else if (part.kind === 'cancel') entry.cancel = undefined;
    else if (part.kind === 'run') {
      const run = entry.runs.get(part.slot);
      if (run) delete run[part.field];
    } else if (part.kind === 'history') entry.history.get(part.slot)?.get(part.attempt)?.delete(part.event);
    else entry.retries.delete(part.newId);
    entry.version++;
    if (isEmpty(entry)) this.commands.delete(entry.id);
    return entry;
  }

  private putRun(entry: CommandKeys, slot: string, field: RunField, raw: RawKey) {
    let run = entry.runs.get(slot);
    if (!run) {
      run = {};
      entry.runs.set(slot, run);
    }
    // Each field has its own schema; the cast only joins the three typed branches.
    (run as Record<RunField, unknown>)[field] = new StoredRecord<unknown>(raw, runSchemas[field]);
  }

  private slotHistory(
    entry: CommandKeys,
    slot: string,
    attempt: number,
  ): Map<HistoryEvent, Stored<HistoryRecord>> {
    let bySlot = entry.history.get(slot);
    if (!bySlot) {
      bySlot = new Map();
      entry.history.set(slot, bySlot);
    }
    let events = bySlot.get(attempt);
    if (!events) {
      events = new Map();
      bySlot.set(attempt, events);
    }
    return events;
  }

  private entry(group: string, id: string): CommandKeys {
    let entry = this.commands.get(id);
    if (!entry) {
      entry = { group, id, runs: new Map(), history: new Map(), retries: new Map(), version: 0 };
      this.commands.set(id, entry);
    }
    return entry;
  }
}

function isEmpty(entry: CommandKeys): boolean {
  if (entry.spec || entry.cancel || entry.retries.size > 0) return false;
  for (const run of entry.runs.values()) if (run.claim || run.progress || run.result) return false;
  for (const attempts of entry.history.values())
    for (const events of attempts.values()) if (events.size > 0) return false;
  return true;
}
