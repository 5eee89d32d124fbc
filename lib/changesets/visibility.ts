import 'server-only';
// Who sees and changes a change set. Its record lives under /_console/ (unscoped admins only), so the decision is
// routed through the set's own keys instead: a caller sees a set only if they may read every key in it, and
// changes it only if they may also write every one. A set without edits is its author's (and unscoped readers').
import { ApiError } from '../api/errors';
import { mayReadKey, mayWriteKey, readableRanges } from '../auth/access';
import { type Actor, currentActor } from '../auth/context';
import { editKeyBytes } from './edit-key';
import type { ChangeSetRecord } from './schemas';
import { readStored, type Stored } from './store';

export function maySeeChangeSet(record: ChangeSetRecord, actor: Actor | null = currentActor()): boolean {
  if (record.edits.length === 0) {
    return (
      readableRanges(actor) === null || (record.author === actor?.name && record.authorVia === actor.via)
    );
  }
  return record.edits.every((edit) => mayReadKey(editKeyBytes(edit), actor));
}

export function mayChangeChangeSet(record: ChangeSetRecord, actor: Actor | null = currentActor()): boolean {
  return (
    maySeeChangeSet(record, actor) && record.edits.every((edit) => mayWriteKey(editKeyBytes(edit), actor))
  );
}

/** The set if the caller may see it; 404 alike for "absent" and "not yours to see" (no existence leak). */
export async function visibleChangeSet(id: string): Promise<Stored> {
  const stored = await readStored(id);
  if (!stored || !maySeeChangeSet(stored.record)) throw new ApiError('not_found', 'No such change set.');
  return stored;
}

/** The set if the caller may change every key in it; 404 when unseen, 403 when seen but not writable. */
export async function changeableChangeSet(id: string): Promise<Stored> {
  const stored = await visibleChangeSet(id);
  if (!mayChangeChangeSet(stored.record)) {
    throw new ApiError('forbidden', 'This change set touches keys your role may not change.');
  }
  return stored;
}
