// The live workers of a group as this worker last read them: the input of rendezvous ranking. Re-read every few
// seconds and soon after a lost claim race (a sign the list is stale); a stale list costs races, never correctness.

import { readPrefix } from '@etcd-console/core/etcd';
import { decodeRecord, parseWorkerKey, workerDir, workerRecord } from '@etcd-console/core/worker';
import type { Namespace } from 'etcd3';
import type { Member } from './rendezvous';

export type GroupMembersOptions = {
  kv: Namespace;
  group: string;
  /** This worker, always counted as live (its own registration may not be readable yet). */
  self: Member;
  onError: (error: unknown, where: string) => void;
};

const MIN_GAP_MS = 250;

export class GroupMembers {
  private members: Member[];
  /** Bumped whenever the list changes, so rankings can tell they are stale. */
  private changes = 0;
  /** Key → create revision and member, so a rewrite of a known registration is not decoded again. */
  private readonly decoded = new Map<string, { createRevision: string; member: Member | null }>();
  private timer: NodeJS.Timeout | null = null;
  private reading: Promise<void> | null = null;
  private lastRead = 0;
  private closed = false;

  constructor(private readonly options: GroupMembersOptions) {
    this.members = [options.self];
  }

  get version(): number {
    return this.changes;
  }

  list(): readonly Member[] {
    return this.members;
  }

  async start(): Promise<void> {
    await this.read();
    this.plan();
  }

  /** Reads again soon, unless a read is under way or just happened. */
  refresh(): void {
    if (this.closed || this.reading) return;
    const wait = this.lastRead + MIN_GAP_MS - Date.now();
    if (wait > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    void this.read().finally(() => this.plan());
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** The next periodic read: every second, slower in large groups (each read returns every registration). */
  private plan(): void {
    if (this.closed || this.timer) return;
    const interval = Math.max(1000, this.members.length * 20);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.read().finally(() => this.plan());
    }, interval);
    this.timer.unref();
  }

  private read(): Promise<void> {
    this.reading ??= this.readOnce().finally(() => {
      this.reading = null;
      this.lastRead = Date.now();
    });
    return this.reading;
  }

  private async readOnce(): Promise<void> {
    const self = this.options.self;
    let snapshot: Awaited<ReturnType<typeof readPrefix>>;
    try {
      snapshot = await readPrefix(this.options.kv, workerDir(this.options.group));
    } catch (error) {
      this.options.onError(error, 'members');
      return; // keep the last list
    }
    const next: Member[] = [self];
    const seen = new Set<string>();
    for (const kv of snapshot.kvs) {
      const key = kv.key.toString();
      seen.add(key);
      const createRevision = String(kv.create_revision);
      let known = this.decoded.get(key);
      if (known?.createRevision !== createRevision) {
        known = { createRevision, member: toMember(key, kv.value) };
        this.decoded.set(key, known);
      }
      if (known.member && known.member.id !== self.id) next.push(known.member);
    }
    for (const key of this.decoded.keys()) if (!seen.has(key)) this.decoded.delete(key);
    next.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    if (!sameMembers(this.members, next)) {
      this.members = next;
      this.changes++;
    }
  }
}

function toMember(key: string, value: Buffer): Member | null {
  const name = parseWorkerKey(key);
  const record = name ? decodeRecord(workerRecord, value) : null;
  if (!name || !record) return null;
  return {
    id: name.id,
    weight: Math.max(1, record.capacity),
    types: record.types.length > 0 ? new Set(record.types) : null,
  };
}

function sameMembers(a: readonly Member[], b: readonly Member[]): boolean {
  if (a.length !== b.length) return false;
  const byId = new Map(a.map((m) => [m.id, m]));
  return b.every((m) => {
    const other = byId.get(m.id);
    return other !== undefined && other.weight === m.weight && sameTypes(other.types, m.types);
  });
}

function sameTypes(a: ReadonlySet<string> | null, b: ReadonlySet<string> | null): boolean {
  if (a === null || b === null) return a === b;
  return a.size === b.size && [...a].every((t) => b.has(t));
}
