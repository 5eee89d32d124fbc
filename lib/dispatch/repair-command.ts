// Lazy repairs by readers, so no daemon is needed: record lost claims and fail commands past their deadline.
import 'server-only';
import type { CommandKeys } from '@etcd-console/core/worker';
import {
  commandSlots,
  deadlineResult,
  expiredSlots,
  failExpiredSlot,
  latestAttempt,
  recordLoss,
  unrecordedLoss,
} from '@etcd-console/core/worker';
import type { Namespace } from 'etcd3';
import { logger } from '../log/logger';

/** Writes what the command's keys imply but nobody has written yet; true when anything was written. */
export async function repairCommand(kv: Namespace, entry: CommandKeys, now: Date): Promise<boolean> {
  const writes: Promise<boolean>[] = [];
  for (const slot of commandSlots(entry)) {
    const loss = unrecordedLoss(entry, slot);
    if (!loss) continue;
    const record = { workerId: loss.workerId, at: now.toISOString(), by: 'console', reason: 'lease expired' };
    writes.push(recordLoss(kv, { group: entry.group, id: entry.id, slot }, loss.attempt, record));
  }
  for (const slot of expiredSlots(entry, now.getTime())) {
    const result = deadlineResult(latestAttempt(entry, slot), 'console', now);
    writes.push(failExpiredSlot(kv, { group: entry.group, id: entry.id, slot }, result));
  }
  // A reader without write permission still gets its answer: the state is derived either way.
  const done = await Promise.all(
    writes.map((write) =>
      write.catch((error: unknown) => {
        logger.warn({ err: error, command: entry.id }, 'could not record a lost claim or passed deadline');
        return false;
      }),
    ),
  );
  return done.some(Boolean);
}
