import 'server-only';
// GET /api/v1/changesets/{id}: one set the caller may see.
import { toAnswer } from './answer';
import type { ChangeSetAnswer } from './schemas';
import { visibleChangeSet } from './visibility';

export async function getChangeSet(id: string): Promise<ChangeSetAnswer> {
  const { record, modRevision } = await visibleChangeSet(id);
  return toAnswer(record, modRevision);
}
