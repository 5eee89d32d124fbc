import 'server-only';
// Changes that cannot share an etcd transaction with their audit record (lease revokes, keep-alives, maintenance,
// etcd users and roles): the record is written first as "attempted", only then is the change made, and the same
// record is completed with its outcome. A change whose record etcd refuses is not made.
import { GRPCResourceExhastedError } from 'etcd3';
import { ApiError } from '../api/errors';
import { markAudited } from '../auth/context';
import { logger } from '../log/logger';
import { type AuditOutcome, type AuditRecord, auditKey, buildRecord, writeAudit } from './record';

export type AuditedOptions<T> = {
  extra?: Partial<AuditRecord>;
  /** Added to the completed record's details (the change's revision, a job id). */
  details?: (result: T) => Record<string, unknown>;
  /**
   * The change is a way out of a NOSPACE alarm (compaction, defragmentation, disarm). etcd refuses every put
   * then, this record too; the change goes ahead, the record goes to the server log, and is written once the
   * change has freed etcd (the completion).
   */
  evenWithoutSpace?: boolean;
};

const MAX_ERROR_CHARS = 500;

function isNoSpace(error: unknown): boolean {
  return error instanceof GRPCResourceExhastedError && /NOSPACE|space exceeded/i.test(error.message);
}

function describeError(error: unknown): string {
  const message = error instanceof ApiError ? `${error.code}: ${error.message}` : String(error);
  return message.slice(0, MAX_ERROR_CHARS);
}

/** Records the attempt, runs `change`, completes the record with its outcome; 503 and no change if etcd refuses. */
export async function runAudited<T>(
  action: string,
  targets: Buffer[],
  change: () => Promise<T>,
  options: AuditedOptions<T> = {},
): Promise<T> {
  const attempted = buildRecord(action, targets, { ...options.extra, outcome: 'attempted' });
  const key = auditKey(new Date(attempted.time));
  try {
    await writeAudit(attempted, key);
  } catch (error) {
    if (!(options.evenWithoutSpace && isNoSpace(error))) {
      logger.error({ err: error, audit: attempted }, 'audit record refused: the change was not made');
      throw new ApiError(
        'etcd_unavailable',
        'The audit record could not be written to etcd, so nothing was changed.',
      );
    }
    logger.error(
      { err: error, audit: attempted },
      'audit record refused for lack of space (NOSPACE): making the change anyway, it is the way out',
    );
  }
  markAudited();
  let result: T;
  try {
    result = await change();
  } catch (error) {
    await complete(attempted, key, 'failed', { error: describeError(error) });
    throw error;
  }
  await complete(attempted, key, 'succeeded', options.details?.(result));
  return result;
}

/** The change is made (or failed) already: a record that cannot be completed is logged, not answered. */
async function complete(
  attempted: AuditRecord,
  key: string,
  outcome: AuditOutcome,
  details: Record<string, unknown> = {},
): Promise<void> {
  const record: AuditRecord = {
    ...attempted,
    outcome,
    details: { ...attempted.details, ...details, completedAt: new Date().toISOString() },
  };
  try {
    await writeAudit(record, key);
  } catch (error) {
    logger.error(
      { err: error, audit: record },
      'audit record could not be completed: it stays "attempted" in etcd',
    );
  }
}
