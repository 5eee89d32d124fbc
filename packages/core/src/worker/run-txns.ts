// The transactions of the run protocol. Each is one etcd txn, so the keyspace never shows half a step.
import { CompareResult, CompareTarget, type IOperation, type ITxnResponse, type Namespace } from 'etcd3';
import { cancelKey, historyKey, runKey, specKey } from './keys';
import type { ClaimRecord, HistoryRecord, ProgressRecord, ResultRecord } from './records';
import { decodeRecord, resultRecord } from './records';

export type SlotRef = { group: string; id: string; slot: string };

const json = (value: unknown) => JSON.stringify(value);

/** A claim ready to send: the slot, the claim record (its attempt), our lease, and a loss to record first. */
export type ClaimRequest = {
  ref: SlotRef;
  claim: ClaimRecord;
  lease: string;
  loss: { attempt: number; record: HistoryRecord } | null;
};

type Check = [key: string, target: 'Create' | 'Mod', cmp: '==' | '>', value: number];

/** The slot has no claim, no result, no cancel marker, its spec exists, and nobody took this attempt number. */
function claimChecks({ ref, claim }: ClaimRequest): Check[] {
  const { group, id, slot } = ref;
  return [
    [runKey(group, id, slot, 'claim'), 'Create', '==', 0],
    [runKey(group, id, slot, 'result'), 'Create', '==', 0],
    [cancelKey(group, id), 'Create', '==', 0],
    [specKey(group, id), 'Create', '>', 0],
    [historyKey(group, id, slot, claim.attempt, 'claimed'), 'Create', '==', 0],
  ];
}

function claimOps(kv: Namespace, { ref, claim, lease, loss }: ClaimRequest): IOperation[] {
  const { group, id, slot } = ref;
  const claimed: HistoryRecord = { workerId: claim.workerId, at: claim.claimedAt };
  const ops: IOperation[] = [
    kv
      .put(runKey(group, id, slot, 'claim'))
      .value(json(claim))
      .lease(lease),
    kv.put(historyKey(group, id, slot, claim.attempt, 'claimed')).value(json(claimed)),
  ];
  if (loss) ops.push(kv.put(historyKey(group, id, slot, loss.attempt, 'lost')).value(json(loss.record)));
  return ops;
}

/**
 * Claims a slot: succeeds for exactly one caller while the slot has no claim, no result, no cancel marker and
 * nobody has taken that attempt number. Records a loss the previous claimant left unrecorded.
 * Returns the claim's revision, or null when someone else got there first.
 */
export async function claimSlot(kv: Namespace, request: ClaimRequest): Promise<number | null> {
  const [first, ...rest] = claimChecks(request);
  let txn = kv.if(...first!);
  for (const check of rest) txn = txn.and(...check);
  const res = await txn.then(...claimOps(kv, request)).commit();
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
  const res = await finishTxn(kv, ref, claimRevision, result).commit();
  return finishOutcome(res, result);
}

/** claimSlot's transaction as a step of a batch (see RunBatch): its checks and puts, nested. */
export function nestedClaim(kv: Namespace, request: ClaimRequest): IOperation {
  return nestedTxn(kv, claimChecks(request), claimOps(kv, request), []);
}

/** finishSlot's transaction as a step of a batch: read the outcome with finishOutcome on its nested response. */
export function nestedFinish(
  kv: Namespace,
  ref: SlotRef,
  claimRevision: number,
  result: ResultRecord,
): IOperation {
  const { group, id, slot } = ref;
  const resultKey = runKey(group, id, slot, 'result');
  return nestedTxn(
    kv,
    [[runKey(group, id, slot, 'claim'), 'Mod', '==', claimRevision]],
    [
      kv.put(resultKey).value(json(result)),
      kv.delete().key(runKey(group, id, slot, 'claim')),
      kv.delete().key(runKey(group, id, slot, 'progress')),
    ],
    [kv.get(resultKey)],
  );
}

function finishTxn(kv: Namespace, ref: SlotRef, claimRevision: number, result: ResultRecord) {
  const { group, id, slot } = ref;
  const resultKey = runKey(group, id, slot, 'result');
  return kv
    .if(runKey(group, id, slot, 'claim'), 'Mod', '==', claimRevision)
    .then(
      kv.put(resultKey).value(json(result)),
      kv.delete().key(runKey(group, id, slot, 'claim')),
      kv.delete().key(runKey(group, id, slot, 'progress')),
    )
    .else(kv.get(resultKey));
}

/** 'recorded' when the finish applied, or an earlier try of it did (the stored result is ours). */
export function finishOutcome(
  res: Pick<ITxnResponse, 'succeeded' | 'responses'>,
  result: ResultRecord,
): 'recorded' | 'lost' {
  if (res.succeeded) return 'recorded';
  const existing = res.responses[0]?.response_range?.kvs[0];
  const stored = existing ? decodeRecord(resultRecord, existing.value) : null;
  return stored && stored.workerId === result.workerId && stored.attempt === result.attempt
    ? 'recorded'
    : 'lost';
}

/** A transaction to run inside another; the builders' op() gives its keys the namespace's prefix. */
function nestedTxn(kv: Namespace, checks: Check[], success: IOperation[], failure: IOperation[]): IOperation {
  return {
    op: async () => ({
      request_txn: {
        compare: await Promise.all(
          checks.map(async ([key, target, cmp, value]) => ({
            key: (await kv.get(key).op()).request_range?.key,
            target: CompareTarget[target],
            result: cmp === '==' ? CompareResult.Equal : CompareResult.Greater,
            [target === 'Create' ? 'create_revision' : 'mod_revision']: String(value),
          })),
        ),
        success: await Promise.all(success.map((op) => op.op())),
        failure: await Promise.all(failure.map((op) => op.op())),
      },
    }),
  };
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
