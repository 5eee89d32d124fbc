import 'server-only';
// POST …/promote and …/abort: the end of a canary. Promote publishes the set to everyone through the ordinary
// publish path (same approvals, same compares), then removes the overlays; abort removes them and marks the set
// aborted. Either way the canary instances go back to reading production alone.
import { ApiError } from '../api/errors';
import { toAnswer } from './answer';
import { overlayDeletes } from './canary-overlay';
import { publishChangeSet } from './publish-changeset';
import type { ChangeSetAnswer, ChangeSetRecord } from './schemas';
import { assertExpected, casWrite, changeSetAudit, readStored, type Stored, withEvent } from './store';
import { changeableChangeSet } from './visibility';

/** Removes the overlays and records how the canary ended, with the given state, in one transaction. */
async function endCanary(stored: Stored, outcome: 'promoted' | 'aborted'): Promise<ChangeSetAnswer> {
  const { record } = stored;
  const canary = record.canary!;
  const state: ChangeSetRecord['state'] = outcome === 'aborted' ? 'aborted' : record.state;
  const next = withEvent(
    { ...record, state, canary: { ...canary, endedAt: new Date().toISOString(), outcome } },
    outcome,
  );
  const audit = changeSetAudit(next, {
    action: outcome === 'aborted' ? 'changesets.abort' : 'changesets.promote',
    extra: { details: { instances: canary.targets.map((t) => `${t.app}/${t.instance}`) } },
  });
  const revision = await casWrite(next, record.id, stored.modRevision, audit, {
    ops: overlayDeletes(record.id, canary.targets),
  });
  return toAnswer(next, revision);
}

/** A canary still running (or published by a promote whose overlay removal did not happen yet). */
function assertInCanary(record: ChangeSetRecord, allowPublished: boolean): void {
  const unfinished = record.canary !== undefined && record.canary.outcome === undefined;
  if (record.state === 'canary' || (allowPublished && record.state === 'published' && unfinished)) return;
  throw new ApiError('conflict', `This change set is ${record.state}, not in canary.`);
}

export async function promoteCanary(id: string, expectedModRevision?: number): Promise<ChangeSetAnswer> {
  const stored = await changeableChangeSet(id);
  assertExpected(stored, expectedModRevision);
  assertInCanary(stored.record, true);
  if (stored.record.state === 'canary') await publishChangeSet(id, stored.modRevision, { fromCanary: true });
  const published = await readStored(id);
  if (!published) throw new ApiError('not_found', 'No such change set.');
  return endCanary(published, 'promoted');
}

export async function abortCanary(id: string, expectedModRevision?: number): Promise<ChangeSetAnswer> {
  const stored = await changeableChangeSet(id);
  assertExpected(stored, expectedModRevision);
  assertInCanary(stored.record, false);
  return endCanary(stored, 'aborted');
}
