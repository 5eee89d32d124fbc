// An in-memory copy of the keys under /commands/<group>/..., grouped per command and decoded once.
import type { IKeyValue } from 'etcd3';
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
  key: string;
  modRevision: number;
  createRevision: number;
  /** Decimal lease id, "0" when none. */
  lease: string;
  /** null when the bytes do not decode. */
  data: T | null;
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

export function storedFromKv(kv: IKeyValue): Omit<Stored<never>, 'data'> & { value: Buffer } {
  return {
    key: kv.key.toString(),
    modRevision: Number(kv.mod_revision),
    createRevision: Number(kv.create_revision),
    lease: kv.lease ? String(kv.lease) : '0',
    value: kv.value,
  };
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
    const base = {
      key: raw.key,
      modRevision: raw.modRevision,
      createRevision: raw.createRevision,
      lease: raw.lease,
    };
    const part = parsed.part;
    switch (part.kind) {
      case 'spec':
        entry.spec = { ...base, data: decodeRecord(commandSpecRecord, raw.value) };
        break;
      case 'cancel':
        entry.cancel = { ...base, data: decodeRecord(cancelRecord, raw.value) };
        break;
      case 'run':
        this.putRun(entry, part.slot, part.field, base, raw.value);
        break;
      case 'history':
        this.slotHistory(entry, part.slot, part.attempt).set(part.event, {
          ...base,
          data: decodeRecord(historyRecord, raw.value),
        });
        break;
      case 'retry':
        entry.retries.set(part.newId, { ...base, data: decodeRecord(retryRecord, raw.value) });
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

  private putRun(
    entry: CommandKeys,
    slot: string,
    field: RunField,
    base: Omit<Stored<never>, 'data'>,
    value: Buffer,
  ) {
    let run = entry.runs.get(slot);
    if (!run) {
      run = {};
      entry.runs.set(slot, run);
    }
    // Each field has its own schema; the cast only joins the three typed branches.
    (run as Record<RunField, unknown>)[field] = { ...base, data: decodeRecord(runSchemas[field], value) };
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
