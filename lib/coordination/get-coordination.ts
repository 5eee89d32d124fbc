import 'server-only';
// GET /api/v1/coordination/detail: one election, lock or Patroni cluster, with its recent handovers from history.
import type { IKeyValue } from 'etcd3';
import { ApiError } from '../api/errors';
import { mayReadKey } from '../auth/access';
import { currentActor } from '../auth/context';
import { etcdClient, etcdConfig } from '../etcd/client';
import { readHistory } from '../registry/service-history';
import { toContender } from './build-entry';
import { replayHandovers } from './handovers';
import { seenAt } from './held-since';
import { readEntries } from './list-coordination';
import { dirOf, mayReadWhole } from './read-contenders';
import type { Candidate } from './recipes';
import type { CoordinationDetail, Handover } from './schemas';

/** How far back the history is read, in revisions: etcd walks every revision of the window, whatever the prefix. */
export const HISTORY_WINDOW = 100_000;
const HISTORY_EVENTS = 2000;
const HISTORY_BUDGET_MS = 5000;
const MAX_HANDOVERS = 50;

function notFound(candidate: Candidate): ApiError {
  const what = candidate.kind === 'patroni' ? 'Patroni cluster' : 'election or lock';
  return new ApiError('not_found', `No ${what} at ${candidate.prefix} (or none you may read).`);
}

function bare(kv: IKeyValue | null) {
  if (!kv) return null;
  const { ttl: _ttl, grantedTtl: _granted, ...rest } = toContender(kv);
  return rest;
}

export async function getCoordination(candidate: Candidate): Promise<CoordinationDetail> {
  // A prefix the caller may not read whole answers exactly like one that does not exist.
  if (!mayReadWhole(dirOf(candidate))) throw notFound(candidate);
  const { entries, revision } = await readEntries([candidate]);
  const entry = entries[0];
  if (!entry) throw notFound(candidate);
  const dir = candidate.kind === 'patroni' ? `${candidate.prefix}/leader` : dirOf(candidate);
  const actor = currentActor();
  const history = await readHistory(etcdClient(), etcdConfig().prefix, dir, revision, {
    since: Math.max(1, revision - HISTORY_WINDOW),
    limit: HISTORY_EVENTS,
    budgetMs: HISTORY_BUDGET_MS,
    // Patroni: the leader key alone (its watch would also match `leader…` siblings).
    visible: (key) => mayReadKey(key, actor) && (candidate.kind === 'recipe' || key.toString() === dir),
  });
  const current = currentKeys(entry.holder, entry.waiters);
  const handovers: Handover[] = replayHandovers(candidate.kind, current, history.events, MAX_HANDOVERS).map(
    (h) => ({ revision: h.revision, at: seenAt(h.revision), from: bare(h.from), to: bare(h.to) }),
  );
  return {
    entry,
    handovers,
    history: {
      fromRevision: history.fromRevision,
      toRevision: history.toRevision,
      compacted: history.compacted,
      truncated: history.truncated,
    },
    revision,
  };
}

/** The keys present now, back in etcd's shape, for the replay to start from. */
function currentKeys(
  holder: CoordinationDetail['entry']['holder'],
  waiters: CoordinationDetail['entry']['waiters'],
) {
  return [...(holder ? [holder] : []), ...waiters].map(
    (c): IKeyValue => ({
      key: Buffer.from(c.key),
      value: Buffer.from(c.value, c.valueEncoding === 'base64' ? 'base64' : 'utf8'),
      lease: c.lease,
      create_revision: String(c.createRevision),
      mod_revision: String(c.modRevision),
      version: '0',
    }),
  );
}
