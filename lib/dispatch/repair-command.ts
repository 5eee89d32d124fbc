// Lazy repairs by readers, so no daemon is needed: record lost claims and fail commands past their deadline.
import 'server-only';
import type { Namespace } from 'etcd3';
import { commandSlots, expiredSlots, latestAttempt, unrecordedLoss } from '../sdk/worker/command-state';
import type { CommandKeys } from '../sdk/worker/command-table';
import { deadlineResult, failExpiredSlot, recordLoss } from '../sdk/worker/run-txns';

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
  const done = await Promise.all(writes);
  return done.some(Boolean);
}
