// How a publish is cut into etcd transactions. etcd refuses a transaction of more than --max-txn-ops (128 by
// default) operations in any of its compare, success and failure lists; every step also carries the audit record,
// the change set's own record and, for a revert, the original set's record, so a step holds at most 125 edits.

/** etcd's default --max-txn-ops. */
export const MAX_TXN_OPS = 128;
/** The audit record, the set's own record and (a revert) the original set's record go in every step too. */
export const OPS_BESIDES_EDITS = 3;
export const EDITS_PER_STEP = MAX_TXN_OPS - OPS_BESIDES_EDITS;

/** The edits (by index, in the set's order) of each step; steps are numbered from 1 and published in order. */
export function planSteps(editCount: number, perStep = EDITS_PER_STEP): number[][] {
  const steps: number[][] = [];
  for (let start = 0; start < editCount; start += perStep) {
    const end = Math.min(editCount, start + perStep);
    steps.push(Array.from({ length: end - start }, (_, i) => start + i));
  }
  return steps;
}
