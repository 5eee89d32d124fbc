import 'server-only';
// The audit trail: who changed what, when, from where — written in the same etcd transaction as the change
// where the change is a transaction, else before it (see run-audited.ts), under /_console/audit/.
import { randomBytes } from 'node:crypto';
import type { IRequestOp } from 'etcd3';
import { requestContext } from '../auth/context';
import { etcdConfig, etcdSystemKv } from '../etcd/client';
import { encodeBytes } from '../etcd/encoding';

export const AUDIT_PREFIX = '/_console/audit/';

/**
 * Set on records of changes that are not one etcd transaction: written "attempted" before the change, then
 * completed. Absent on records written in the change's own transaction (those committed with it).
 */
export type AuditOutcome = 'attempted' | 'succeeded' | 'failed';

export type AuditRecord = {
  time: string;
  actor: string;
  via: string;
  action: string;
  targets: string[];
  /** mod_revision of each target before the change (0 = did not exist), when known. */
  before?: number[];
  source: string;
  status?: number;
  reason?: string;
  outcome?: AuditOutcome;
  details?: Record<string, unknown>;
};

/** Time-ordered, collision-free keys (relative to ETCD_PREFIX): listing the prefix lists the trail in order. */
export function auditKey(now: Date): string {
  return `${AUDIT_PREFIX}${now.toISOString()}-${randomBytes(4).toString('hex')}`;
}

export function buildRecord(
  action: string,
  targets: Buffer[],
  extra: Partial<AuditRecord> = {},
): AuditRecord {
  const context = requestContext();
  return {
    time: new Date().toISOString(),
    actor: context?.actor?.name ?? 'anonymous',
    via: context?.actor?.via ?? 'none',
    action,
    targets: targets.map((t) => encodeBytes(t).text),
    source: context?.source ?? 'unknown',
    ...extra,
  };
}

/** A put of the audit record, to add to the change's own transaction. */
export function auditOp(action: string, targets: Buffer[], extra: Partial<AuditRecord> = {}): IRequestOp {
  const record = buildRecord(action, targets, extra);
  const prefix = etcdConfig().prefix;
  const key = Buffer.from(`${prefix}${auditKey(new Date(record.time))}`);
  return { request_put: { key, value: Buffer.from(JSON.stringify(record)) } };
}

/** A record on its own (logins, and run-audited.ts), with the console's own credentials; at `key` to update one. */
export async function writeAudit(record: AuditRecord, key = auditKey(new Date(record.time))): Promise<void> {
  await etcdSystemKv().put(key).value(JSON.stringify(record));
}
