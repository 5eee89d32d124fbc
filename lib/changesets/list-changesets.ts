import 'server-only';
// GET /api/v1/changesets: the sets the caller may see (every key in them readable), oldest first, in pages. The
// cursor is sealed: the last record examined may be one the caller must not see.
import type { z } from 'zod';
import { openCursor, sealCursor } from '../api/cursor';
import { ApiError } from '../api/errors';
import type { listQuery } from './schemas';
import { CHANGESETS_PREFIX, parseRecord, readPage } from './store';
import { maySeeChangeSet } from './visibility';

const PAGE = 50;
/** Records examined per request at most, visible or not. */
const SCAN_MAX = 2_000;
const CURSOR_KIND = 'changesets';

type Summary = {
  id: string;
  title: string;
  author: string;
  createdAt: string;
  state: string;
  edits: number;
  approvals: number;
  rejections: number;
  modRevision: number;
};

function startAfter(cursor: string | undefined): string | null {
  if (!cursor) return null;
  const position = openCursor(CURSOR_KIND, cursor);
  if (!position.startsWith(CHANGESETS_PREFIX))
    throw new ApiError('bad_request', 'cursor: not a change set cursor');
  return position;
}

export async function listChangeSets(q: z.infer<typeof listQuery>) {
  const changesets: Summary[] = [];
  let after = startAfter(q.cursor);
  let examined = 0;
  let more = true;
  while (more && changesets.length < q.limit && examined < SCAN_MAX) {
    const page = await readPage(after, Math.min(PAGE, SCAN_MAX - examined));
    more = page.more;
    for (const kv of page.kvs) {
      examined++;
      after = kv.key.toString('utf8');
      const stored = parseRecord(kv);
      if (!stored || !maySeeChangeSet(stored.record)) continue;
      if (q.state && stored.record.state !== q.state) continue;
      const { record } = stored;
      changesets.push({
        id: record.id,
        title: record.title,
        author: record.author,
        createdAt: record.createdAt,
        state: record.state,
        edits: record.edits.length,
        approvals: record.approvals.length,
        rejections: record.rejections.length,
        modRevision: stored.modRevision,
      });
      if (changesets.length >= q.limit) {
        more = more || kv !== page.kvs.at(-1);
        break;
      }
    }
  }
  const nextCursor = more && after ? sealCursor(CURSOR_KIND, after) : null;
  return { changesets, nextCursor };
}
