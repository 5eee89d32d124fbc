import 'server-only';
import type { IKeyValue, Namespace } from 'etcd3';
import { z } from 'zod';
import { isSealedCursor, openCursor, sealCursor } from '../api/cursor';
import { ApiError } from '../api/errors';
import { mayReadKey, readableRanges } from '../auth/access';
import { type Actor, currentActor } from '../auth/context';
import { etcdSystemKv } from '../etcd/client';
import { AUDIT_PREFIX, type AuditRecord } from './record';

export const auditQuery = z
  .object({
    actor: z.string().max(128).optional(),
    action: z.string().max(128).optional().describe('Exact action, or a prefix ending in "." (e.g. "kv.")'),
    key: z.string().max(4096).optional().describe('Only records whose target starts with this'),
    since: z.iso.datetime({ offset: true }).optional(),
    until: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    cursor: z
      .string()
      .min(1)
      .max(512)
      .optional()
      .describe('nextCursor of the previous page: continue with the records before it'),
  })
  .strict();

export type AuditEntry = AuditRecord & { revision: number };

export type AuditPage = {
  entries: AuditEntry[];
  /** Records examined; for a caller who sees part of the trail, those of them it may see. */
  scanned: number;
  /** More records may follow: ask again with `nextCursor`. */
  truncated: boolean;
  nextCursor: string | null;
};

/** Records examined per request at most, matching or not: a filter that matches little cannot become a flood. */
export const SCAN_MAX = 5_000;
const PAGE = 500;
const CURSOR_KIND = 'audit';
/** Length of the ISO time that starts every audit key ("2024-01-01T00:00:00.000Z"). */
const TIME_LENGTH = 24;
const FIRST_WINDOW_MS = 60_000;
const LAST_TIME = Date.parse('9999-12-31T23:59:59.999Z');
/** An audit key without its prefix: the time, then "-" and the random part. */
const CURSOR_POSITION = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z(-[0-9a-f]{1,64})?$/;

function matches(record: AuditRecord, q: z.infer<typeof auditQuery>): boolean {
  if (q.actor && record.actor !== q.actor) return false;
  if (q.action && !(q.action.endsWith('.') ? record.action.startsWith(q.action) : record.action === q.action))
    return false;
  if (q.key && !record.targets.some((t) => t.startsWith(q.key!))) return false;
  return true;
}

/**
 * Which records the actor may see: all of them for internal work and unscoped admins; for everybody else those
 * all of whose targets it may read, and of records without a target (logins, maintenance) only its own. A binary
 * target is stored as its base64 text, which is what is checked: such records stay hidden from scoped callers
 * unless their scope happens to cover that text.
 */
function auditVisibility(actor: Actor | null): ((record: AuditRecord) => boolean) | null {
  if (readableRanges(actor) === null) return null;
  return (record) =>
    record.targets.length === 0
      ? record.actor === actor?.name && record.via === actor.via
      : record.targets.every((target) => mayReadKey(target, actor));
}

function parse(value: Buffer): AuditRecord | null {
  try {
    const record = JSON.parse(value.toString('utf8')) as AuditRecord;
    return Array.isArray(record?.targets) ? record : null;
  } catch {
    return null;
  }
}

/** When the record at (or the bound) `key` was written; null for the open bound "~". */
function timeOf(key: string): number | null {
  const time = Date.parse(key.slice(AUDIT_PREFIX.length, AUDIT_PREFIX.length + TIME_LENGTH));
  return Number.isFinite(time) ? time : null;
}

const keyAt = (time: number) => `${AUDIT_PREFIX}${new Date(time).toISOString()}`;

/** count_only: etcd walks its in-memory index, reading no values. */
const countIn = (kv: Namespace, start: string, end: string) => kv.getAll().inRange({ start, end }).count();

/** A time no record under `upper` is newer than: just past now, moved on past records stamped later (a fast clock). */
async function newestTime(kv: Namespace, upper: string): Promise<number> {
  const known = timeOf(upper);
  if (known !== null) return known;
  let top = Date.now() + FIRST_WINDOW_MS;
  for (let step = 3_600_000; top < LAST_TIME; step *= 2) {
    if ((await countIn(kv, keyAt(top), upper)) === 0) break;
    top = Math.min(LAST_TIME, top + step);
  }
  return top;
}

/**
 * The records of [start, end), newest first. etcd 3.4 fetches a whole range to sort it, so the range is walked
 * backwards in time windows instead, each read in key order: a window is first counted (count_only reads no
 * values) and narrowed until it holds at most a page, and widened again while windows come back sparse.
 */
async function* newestFirst(kv: Namespace, start: string, end: string): AsyncGenerator<IKeyValue> {
  let upper = end;
  let width = FIRST_WINDOW_MS;
  while (start < upper) {
    const top = await newestTime(kv, upper);
    let lower = start;
    let count = 0;
    for (;;) {
      // Every bound is a time or a key starting with one (see listAudit), so `from` is below `upper`.
      const from = keyAt(Math.max(0, top - width));
      lower = from > start ? from : start;
      count = await countIn(kv, lower, upper);
      if (count <= PAGE || width <= 1) break;
      width = Math.max(1, Math.floor((width * PAGE) / count / 2));
    }
    const window: IKeyValue[] = [];
    let from = lower;
    for (;;) {
      const res = await kv.getAll().inRange({ start: from, end: upper }).limit(PAGE).exec();
      window.push(...res.kvs);
      const last = res.kvs.at(-1);
      if (!res.more || !last) break;
      from = `${last.key.toString('utf8')}\0`;
    }
    for (let i = window.length - 1; i >= 0; i--) yield window[i]!;
    upper = lower;
    if (count < PAGE / 4) width *= 4;
  }
}

/**
 * Audit records newest first. Keys are time-ordered, so a time window is a key range, read backwards; what the
 * caller may see and the filters apply while reading, until `limit` records are found, the window ends, or SCAN_MAX
 * records were examined. `nextCursor` continues before the last record examined, sealed for a caller who does not
 * see the whole trail (that record may be one it may not see), so pages neither skip records nor name hidden ones.
 */
export async function listAudit(q: z.infer<typeof auditQuery>): Promise<AuditPage> {
  const since = q.since
    ? new Date(q.since).toISOString()
    : new Date(Date.now() - 30 * 86400_000).toISOString();
  const until = q.until ? new Date(q.until).toISOString() : '~';
  const start = `${AUDIT_PREFIX}${since}`;
  let end = `${AUDIT_PREFIX}${until}`;
  if (q.cursor) {
    const position = isSealedCursor(q.cursor) ? openCursor(CURSOR_KIND, q.cursor) : q.cursor;
    if (!CURSOR_POSITION.test(position))
      throw new ApiError('bad_request', 'cursor: not a cursor of this trail');
    if (`${AUDIT_PREFIX}${position}` < end) end = `${AUDIT_PREFIX}${position}`;
  }
  const visible = auditVisibility(currentActor());
  const records = newestFirst(etcdSystemKv(), start, end);
  const entries: AuditEntry[] = [];
  let examined = 0;
  let seen = 0;
  let stoppedAt: string | null = null;
  try {
    for await (const item of records) {
      examined++;
      const record = parse(item.value);
      if (record && (!visible || visible(record))) {
        seen++;
        if (matches(record, q)) entries.push({ ...record, revision: Number(item.mod_revision) });
      }
      if (entries.length >= q.limit || examined >= SCAN_MAX) {
        // A cursor only when something older is left.
        if (!(await records.next()).done) stoppedAt = item.key.toString('utf8');
        break;
      }
    }
  } finally {
    await records.return(undefined);
  }
  let nextCursor: string | null = null;
  if (stoppedAt !== null) {
    const position = stoppedAt.slice(AUDIT_PREFIX.length);
    nextCursor = visible ? sealCursor(CURSOR_KIND, position) : position;
  }
  return { entries, scanned: visible ? seen : examined, truncated: nextCursor !== null, nextCursor };
}
