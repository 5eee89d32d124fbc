import 'server-only';
// POST /api/v1/changesets: a new draft, its edits staged and checked as the key editor checks a save.
import type { z } from 'zod';
import { currentActor } from '../auth/context';
import { toAnswer } from './answer';
import type { ChangeSetAnswer, ChangeSetRecord, createBody } from './schemas';
import { actorName, casWrite, changeSetAudit, newChangeSetId, withEvent } from './store';
import { stageEdits } from './validate-edit';

export async function createChangeSet(body: z.infer<typeof createBody>): Promise<ChangeSetAnswer> {
  const edits = await stageEdits(body.edits);
  const draft: ChangeSetRecord = {
    id: newChangeSetId(),
    title: body.title,
    author: actorName(),
    authorVia: currentActor()?.via ?? 'none',
    createdAt: new Date().toISOString(),
    state: 'draft',
    edits,
    approvals: [],
    rejections: [],
    publishedRevisions: [],
    history: [],
  };
  const record = withEvent(draft, 'created', { detail: `${edits.length} edits` });
  const audit = changeSetAudit(record, {
    action: 'changesets.create',
    extra: { details: { edits: edits.length } },
  });
  const modRevision = await casWrite(record, record.id, 0, audit);
  return toAnswer(record, modRevision);
}
