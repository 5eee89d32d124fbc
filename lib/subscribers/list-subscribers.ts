import 'server-only';
// GET /api/v1/subscribers: the live subscribers covering a key or prefix, each with its lag.
import { ApiError } from '../api/errors';
import { prefixCoverage } from '../auth/access';
import { etcdClient, etcdConfig, etcdKv } from '../etcd/client';
import { cached } from './cached';
import { estimateRevisionTime } from './change-time';
import { coverageOf } from './coverage';
import { describeLag } from './lag';
import { firstChangeAfter, latestChangeRevision } from './prefix-changes';
import { type LiveSubscriber, readSubscriberStatuses } from './read-statuses';
import type { SubscribersResponse, SubscriberView } from './schemas';
import { subscriberAccess } from './subscriber-access';

/**
 * Every live subscriber whose prefix overlaps `prefix` (all of them when it is null). A scoped caller gets 403 for a
 * prefix it may read nothing of, and otherwise only subscribers under whose prefix it may read something, with
 * their status redacted to its scope (lib/subscribers/subscriber-access.ts) and their lag over readable keys.
 */
export async function listSubscribers(prefix: string | null): Promise<SubscribersResponse> {
  if (prefixCoverage(prefix ?? '') === 'none') {
    throw new ApiError('forbidden', 'That prefix is outside what your role may read.');
  }
  const access = subscriberAccess();
  const { revision, subscribers: all } = await readSubscriberStatuses(etcdKv());
  // Also the status clock: a scoped caller's estimates come from subscribers it may see.
  const subscribers = access ? all.filter((s) => access.sees(s)) : all;
  const client = etcdClient();
  const root = etcdConfig().prefix;
  const latestOf = cached(
    (s: LiveSubscriber) => latestChangeRevision(client, root, s.prefix),
    (s) => s.prefix,
  );
  const firstAfterOf = cached(
    (s: LiveSubscriber) => firstChangeAfter(client, root, s.prefix, s.appliedRevision),
    (s) => `${s.appliedRevision}:${s.prefix}`,
  );
  const now = Date.now();
  const view = async (s: LiveSubscriber, coverage: SubscriberView['coverage']): Promise<SubscriberView> => {
    const shown = access ? access.redact(s, prefix ?? undefined) : s;
    const latestRevision = await latestOf(s);
    const first = latestRevision > s.appliedRevision ? await firstAfterOf(s) : null;
    const firstUnappliedAt = first === null ? null : estimateRevisionTime(first, subscribers);
    return { ...shown, coverage, lag: describeLag({ ...shown, latestRevision, firstUnappliedAt, now }) };
  };
  const views = await Promise.all(
    subscribers.flatMap((s) => {
      const coverage = prefix === null ? 'full' : coverageOf(s.prefix, prefix);
      return coverage ? [view(s, coverage)] : [];
    }),
  );
  return { revision, prefix, subscribers: views };
}
