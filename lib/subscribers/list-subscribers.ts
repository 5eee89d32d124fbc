import 'server-only';
// GET /api/v1/subscribers: the live subscribers covering a key or prefix, each with its lag.
import { etcdClient, etcdConfig, etcdKv } from '../etcd/client';
import { cached } from './cached';
import { estimateRevisionTime } from './change-time';
import { coverageOf } from './coverage';
import { describeLag } from './lag';
import { firstChangeAfter, latestChangeRevision } from './prefix-changes';
import { type LiveSubscriber, readSubscriberStatuses } from './read-statuses';
import type { SubscribersResponse, SubscriberView } from './schemas';

/** Every live subscriber whose prefix overlaps `prefix` (all of them when it is null). */
export async function listSubscribers(prefix: string | null): Promise<SubscribersResponse> {
  const { revision, subscribers } = await readSubscriberStatuses(etcdKv());
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
    const latestRevision = await latestOf(s);
    const first = latestRevision > s.appliedRevision ? await firstAfterOf(s) : null;
    const firstUnappliedAt = first === null ? null : estimateRevisionTime(first, subscribers);
    return { ...s, coverage, lag: describeLag({ ...s, latestRevision, firstUnappliedAt, now }) };
  };
  const views = await Promise.all(
    subscribers.flatMap((s) => {
      const coverage = prefix === null ? 'full' : coverageOf(s.prefix, prefix);
      return coverage ? [view(s, coverage)] : [];
    }),
  );
  return { revision, prefix, subscribers: views };
}
