import 'server-only';
// GET /api/v1/subscribers/propagation: has the change of `key` at `revision` reached every covering subscriber?
import { ApiError } from '../api/errors';
import { assertMayReadKey } from '../auth/access';
import { etcdKv } from '../etcd/client';
import { changeTime } from './change-time';
import { coversKey } from './coverage';
import { type LiveSubscriber, readSubscriberStatuses } from './read-statuses';
import type { PropagationResponse } from './schemas';
import { type SubscriberAccess, subscriberAccess } from './subscriber-access';

export type PropagationInput = { key: string; revision?: number; since?: string };

type Verdict = 'applied' | 'pending' | 'errored';

/** Applied iff appliedRevision >= R; errored when applied but the key (or onChange) failed at or after R. */
export function verdictFor(s: LiveSubscriber, key: string, revision: number): Verdict {
  if (s.appliedRevision < revision) return 'pending';
  if (s.failedKeys?.includes(key)) return 'errored';
  const e = s.lastError;
  if (e && e.key === undefined && e.revision >= revision) return 'errored';
  return 'applied';
}

/**
 * 403 for a key the caller may not read. Every subscriber covering a readable key is shown; for a scoped caller the
 * status clock uses only subscribers it may see, and handler errors of wider subscribers lose their message.
 */
export async function readPropagation(input: PropagationInput): Promise<PropagationResponse> {
  assertMayReadKey(input.key);
  const access = subscriberAccess();
  const kv = etcdKv();
  const [{ revision: current, subscribers: all }, found] = await Promise.all([
    readSubscriberStatuses(kv),
    kv.get(input.key).exec(),
  ]);
  const subscribers = access ? all.filter((s) => access.sees(s)) : all;
  const revision = input.revision ?? Number(found.kvs[0]?.mod_revision ?? 0);
  if (revision === 0) {
    throw new ApiError(
      'not_found',
      `${input.key} does not exist; pass the revision of its change (e.g. its deletion).`,
    );
  }
  if (revision > current)
    throw new ApiError('bad_request', `Revision ${revision} is in the future (now ${current}).`);
  const changed = changeTime(revision, subscribers, input.since);
  const now = Date.now();
  const since = (t: number) => (changed ? Math.max(0, t - changed.at) : null);

  const result: PropagationResponse = {
    key: input.key,
    revision,
    changedAt: changed ? new Date(changed.at).toISOString() : null,
    changedAtSource: changed?.source ?? null,
    complete: true,
    slowestMs: null,
    applied: [],
    pending: [],
    errored: [],
    canary: [],
  };
  for (const s of subscribers.filter((x) => coversKey(x.prefix, input.key))) {
    const who = { app: s.app, instance: s.instance, host: s.host, appliedRevision: s.appliedRevision };
    const canary = s.canary?.find((a) => a.keys.includes(input.key));
    if (canary) result.canary.push({ ...who, changeset: canary.changeset, revision: canary.revision });
    const verdict = verdictFor(s, input.key, revision);
    if (verdict === 'pending') {
      result.pending.push({ ...who, revisionsBehind: revision - s.appliedRevision, waitingMs: since(now) });
    } else if (verdict === 'errored') {
      result.errored.push({ ...who, error: errorFor(s, input.key, access) });
    } else {
      result.applied.push({ ...who, appliedAt: s.appliedAt, tookMs: since(Date.parse(s.appliedAt)) });
    }
  }
  const took = result.applied.flatMap((a) => (a.tookMs === null ? [] : [a.tookMs]));
  result.complete = result.pending.length === 0;
  result.slowestMs = took.length > 0 ? Math.max(...took) : null;
  return result;
}

/** The status keeps one full error; other failing keys are only listed by name. */
function errorFor(s: LiveSubscriber, key: string, access: SubscriberAccess | null) {
  if (s.lastError && (s.lastError.key === key || s.lastError.key === undefined)) {
    return access ? access.redactError(s, s.lastError) : s.lastError;
  }
  return {
    key,
    revision: s.appliedRevision,
    message: 'the newest value failed to parse; the last good value is kept',
    at: s.updatedAt ?? s.appliedAt,
  };
}
