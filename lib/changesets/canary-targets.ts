import 'server-only';
// Which subscriber instances a canary goes to: named instances, or a share of one app's live instances (chosen when
// the canary starts, in an order fixed by the set's id), each covering at least one key of the set.
import { createHash } from 'node:crypto';
import { ApiError } from '../api/errors';
import { etcdKv } from '../etcd/client';
import { coversKey } from '../subscribers/coverage';
import { type LiveSubscriber, readSubscriberStatuses } from '../subscribers/read-statuses';
import { subscriberAccess } from '../subscribers/subscriber-access';
import type { CanaryBody, CanaryState } from './canary-schemas';
import { editKeyBytes } from './edit-key';
import type { ChangeSetRecord } from './schemas';

/** The set's keys (as text) that a subscriber with this prefix follows. */
export function coveredKeys(record: ChangeSetRecord, prefix: string): string[] {
  return record.edits.map((e) => editKeyBytes(e).toString('utf8')).filter((key) => coversKey(prefix, key));
}

/** Live subscribers the caller may see. */
export async function visibleSubscribers(): Promise<LiveSubscriber[]> {
  const access = subscriberAccess();
  const { subscribers } = await readSubscriberStatuses(etcdKv());
  return access ? subscribers.filter((s) => access.sees(s)) : subscribers;
}

function byShareOrder(id: string) {
  const rank = (s: LiveSubscriber) => createHash('sha256').update(`${id}/${s.instance}`).digest('hex');
  return (a: LiveSubscriber, b: LiveSubscriber) => rank(a).localeCompare(rank(b));
}

export async function resolveTargets(
  record: ChangeSetRecord,
  body: CanaryBody,
): Promise<Pick<CanaryState, 'targets' | 'share'>> {
  const live = (await visibleSubscribers()).filter((s) => coveredKeys(record, s.prefix).length > 0);
  const toTarget = (s: LiveSubscriber) => ({
    app: s.app,
    instance: s.instance,
    keys: coveredKeys(record, s.prefix),
  });
  if (body.share) {
    const { app, percent } = body.share;
    const of = live.filter((s) => s.app === app).sort(byShareOrder(record.id));
    if (of.length === 0) {
      throw new ApiError('unprocessable', `No live instance of ${app} follows a key of this change set.`);
    }
    const chosen = of.slice(0, Math.ceil((of.length * percent) / 100));
    return { targets: chosen.map(toTarget), share: { app, percent } };
  }
  const targets = (body.targets ?? []).map((t) => {
    const found = live.find((s) => s.app === t.app && s.instance === t.instance);
    if (!found) {
      throw new ApiError(
        'unprocessable',
        `${t.app}/${t.instance} is not a live subscriber following a key of this change set.`,
      );
    }
    return toTarget(found);
  });
  const unique = new Set(targets.map((t) => `${t.app}/${t.instance}`));
  if (unique.size !== targets.length) throw new ApiError('bad_request', 'An instance is named twice.');
  return { targets };
}
