import 'server-only';
import { z } from 'zod';
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
  })
  .strict();

export type AuditEntry = AuditRecord & { revision: number };

const SCAN_MAX = 20_000;
const PAGE = 1000;

function matches(record: AuditRecord, q: z.infer<typeof auditQuery>): boolean {
  if (q.actor && record.actor !== q.actor) return false;
  if (q.action && !(q.action.endsWith('.') ? record.action.startsWith(q.action) : record.action === q.action))
    return false;
  if (q.key && !record.targets.some((t) => t.startsWith(q.key!))) return false;
  return true;
}

/**
 * Audit records newest first. Keys are time-ordered, so a time window is a key range; filters apply while
 * paging through it (at most 20,000 records scanned per call — narrow the window for more).
 */
export async function listAudit(
  q: z.infer<typeof auditQuery>,
): Promise<{ entries: AuditEntry[]; scanned: number; truncated: boolean }> {
  const since = q.since
    ? new Date(q.since).toISOString()
    : new Date(Date.now() - 30 * 86400_000).toISOString();
  const until = q.until ? new Date(q.until).toISOString() : '~';
  const kv = etcdSystemKv();
  const found: AuditEntry[] = [];
  let start = `${AUDIT_PREFIX}${since}`;
  const end = `${AUDIT_PREFIX}${until}`;
  let scanned = 0;
  for (;;) {
    const res = await kv.getAll().inRange({ start, end }).limit(PAGE).exec();
    for (const kv of res.kvs) {
      const record = JSON.parse(kv.value.toString('utf8')) as AuditRecord;
      if (matches(record, q)) found.push({ ...record, revision: Number(kv.mod_revision) });
    }
    scanned += res.kvs.length;
    const last = res.kvs[res.kvs.length - 1];
    if (!res.more || !last || scanned >= SCAN_MAX) break;
    start = `${last.key.toString('utf8').slice(last.key.toString('utf8').indexOf(AUDIT_PREFIX))}\0`;
  }
  found.reverse();
  return {
    entries: found.slice(0, q.limit),
    scanned,
    truncated: scanned >= SCAN_MAX || found.length > q.limit,
  };
}
