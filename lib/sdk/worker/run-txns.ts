// The transactions of the run protocol. Each is one etcd txn, so the keyspace never shows half a step.
import type { Namespace } from 'etcd3';
import { cancelKey, historyKey, runKey, specKey } from './keys';
import type { ClaimRecord, HistoryRecord, ProgressRecord, ResultRecord } from './records';
import { decodeRecord, resultRecord } from './records';

export type SlotRef = { group: string; id: string; slot: string };

const json = (value: unknown) => JSON.stringify(value);

/**
 * Claims a slot for `attempt`: succeeds for exactly one caller while the slot has no claim, no result, no
 * cancel marker and nobody has taken that attempt number. Records a loss the previous claimant left unrecorded.
 * Returns the claim's revision, or null when someone else got there first.
 */
export async function claimSlot(
  kv: Namespace,
  ref: SlotRef,
  claim: ClaimRecord,
  lease: string,
  loss: { attempt: number; record: HistoryRecord } | null,
): Promise<number | null> {
  const { group, id, slot } = ref;
  const claimed: HistoryRecord = { workerId: claim.workerId, at: claim.claimedAt };
  const ops = [
    kv
      .put(runKey(group, id, slot, 'claim'))
      .value(json(claim))
      .lease(lease),
    kv.put(historyKey(group, id, slot, claim.attempt, 'claimed')).value(json(claimed)),
  ];
  if (loss) ops.push(kv.put(historyKey(group, id, slot, loss.attempt, 'lost')).value(json(loss.record)));
  const res = await kv
    .if(runKey(group, id, slot, 'claim'), 'Create', '==', 0)
    .and(runKey(group, id, slot, 'result'), 'Create', '==', 0)
    .and(cancelKey(group, id), 'Create', '==', 0)
    .and(specKey(group, id), 'Create', '>', 0)
    .and(historyKey(group, id, slot, claim.attempt, 'claimed'), 'Create', '==', 0)
    .then(...ops)
    .commit();
  return res.succeeded ? Number(res.header.revision) : null;
}

/**
 * Records the outcome while the claim is still ours, removing claim and progress in the same step.
 * 'recorded' also when an earlier, timed-out try of this call had already applied.
 */
export async function finishSlot(
  kv: Namespace,
  ref: SlotRef,
  claimRevision: number,
  result: ResultRecord,
): Promise<'recorded' | 'lost'> {
  const { group, id, slot } = ref;
  const resultKey = runKey(group, id, slot, 'result');
  const res = await kv
    .if(runKey(group, id, slot, 'claim'), 'Mod', '==', claimRevision)
    .then(
      kv.put(resultKey).value(json(result)),
      kv.delete().key(runKey(group, id, slot, 'claim')),
      kv.delete().key(runKey(group, id, slot, 'progress')),
    )
    .else(kv.get(resultKey))
    .commit();
  if (res.succeeded) return 'recorded';
  const existing = res.responses[0]?.response_range?.kvs[0];
  const stored = existing ? decodeRecord(resultRecord, existing.value) : null;
  return stored && stored.workerId === result.workerId && stored.attempt === result.attempt
    ? 'recorded'
    : 'lost';
}

/** Writes progress under the worker's lease while the claim is still ours. */
export async function writeProgress(
  kv: Namespace,
  ref: SlotRef,
  claimRevision: number,
  lease: string,
  progress: ProgressRecord,
): Promise<boolean> {
  const { group, id, slot } = ref;
  const res = await kv
    .if(runKey(group, id, slot, 'claim'), 'Mod', '==', claimRevision)
    .then(
      kv
        .put(runKey(group, id, slot, 'progress'))
        .value(json(progress))
        .lease(lease),
    )
    .commit();
  return res.succeeded;
}

/** Gives the slot back to the queue (worker closing) and says so in the history. */
export async function releaseSlot(
  kv: Namespace,
  ref: SlotRef,
  claimRevision: number,
  attempt: number,
  record: HistoryRecord,
): Promise<boolean> {
  const { group, id, slot } = ref;
  const res = await kv
    .if(runKey(group, id, slot, 'claim'), 'Mod', '==', claimRevision)
    .then(
      kv.delete().key(runKey(group, id, slot, 'claim')),
      kv.delete().key(runKey(group, id, slot, 'progress')),
      kv.put(historyKey(group, id, slot, attempt, 'released')).value(json(record)),
    )
    .commit();
  return res.succeeded;
}

/** Moves a claim the worker still holds onto its new lease; returns the new claim revision or null. */
export async function rebindSlot(
  kv: Namespace,
  ref: SlotRef,
  claimRevision: number,
  lease: string,
  claim: ClaimRecord,
): Promise<number | null> {
  const key = runKey(ref.group, ref.id, ref.slot, 'claim');
  const res = await kv
    .if(key, 'Mod', '==', claimRevision)
    .then(kv.put(key).value(json(claim)).lease(lease))
    .commit();
  return res.succeeded ? Number(res.header.revision) : null;
}

/** Appends "worker lost, requeued" for an attempt whose claim expired; a no-op when already recorded. */
export async function recordLoss(
  kv: Namespace,
  ref: SlotRef,
  attempt: number,
  record: HistoryRecord,
): Promise<boolean> {
  const { group, id, slot } = ref;
  const res = await kv
    .if(runKey(group, id, slot, 'claim'), 'Create', '==', 0)
    .and(runKey(group, id, slot, 'result'), 'Create', '==', 0)
    .and(historyKey(group, id, slot, attempt, 'lost'), 'Create', '==', 0)
    .and(historyKey(group, id, slot, attempt, 'released'), 'Create', '==', 0)
    .and(historyKey(group, id, slot, attempt, 'claimed'), 'Create', '>', 0)
    .then(kv.put(historyKey(group, id, slot, attempt, 'lost')).value(json(record)))
    .commit();
  return res.succeeded;
}

/** Marks an unclaimed slot failed because its deadline passed; a no-op once claimed, finished or cancelled. */
export async function failExpiredSlot(kv: Namespace, ref: SlotRef, result: ResultRecord): Promise<boolean> {
  const { group, id, slot } = ref;
  const res = await kv
    .if(runKey(group, id, slot, 'claim'), 'Create', '==', 0)
    .and(runKey(group, id, slot, 'result'), 'Create', '==', 0)
    .and(cancelKey(group, id), 'Create', '==', 0)
    .and(specKey(group, id), 'Create', '>', 0)
    .then(kv.put(runKey(group, id, slot, 'result')).value(json(result)))
    .commit();
  return res.succeeded;
}

export function deadlineResult(attempt: number, by: string, now: Date): ResultRecord {
  return {
    workerId: null,
    attempt,
    status: 'failed',
    result: null,
    error: { message: 'The deadline passed before a worker finished the command.', code: 'deadline' },
    startedAt: null,
    finishedAt: now.toISOString(),
    percent: null,
    message: '',
    by,
  };
}
