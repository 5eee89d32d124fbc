import 'server-only';
// GET /api/v1/changesets/{id}/canary: per chosen instance its acknowledgement of the overlay, the errors it reports
// and its registration (health) when it is also a registered service; and the instances that could be chosen.
import { decodeInstance, instanceKey } from '@etcd-console/core/registry';
import { range } from '../kv/range';
import type { LiveSubscriber } from '../subscribers/read-statuses';
import { subscriberAccess } from '../subscribers/subscriber-access';
import { overlayRevisions } from './canary-overlay';
import type { CanaryAnswer } from './canary-schemas';
import { coveredKeys, visibleSubscribers } from './canary-targets';
import type { ChangeSetRecord } from './schemas';
import { visibleChangeSet } from './visibility';

type Target = NonNullable<ChangeSetRecord['canary']>['targets'][number];

async function healthOf(app: string, instance: string): Promise<CanaryAnswer['instances'][number]['health']> {
  const kv = (await range({ start: Buffer.from(instanceKey(app, instance)) })).kvs[0];
  const decoded = kv ? decodeInstance(kv) : null;
  return decoded?.ok ? decoded.instance.status : 'unregistered';
}

function instanceView(
  id: string,
  target: Target,
  status: LiveSubscriber | undefined,
  overlayRevision: number | null,
  health: CanaryAnswer['instances'][number]['health'],
): CanaryAnswer['instances'][number] {
  const access = subscriberAccess();
  const shown = status && access ? access.redact(status) : status;
  const ack = status?.canary?.find((a) => a.changeset === id) ?? null;
  return {
    app: target.app,
    instance: target.instance,
    keys: target.keys,
    live: status !== undefined,
    host: status?.host ?? null,
    appliedRevision: status?.appliedRevision ?? null,
    overlayRevision,
    ack,
    acknowledged:
      ack !== null && ack.revision === overlayRevision && target.keys.every((k) => ack.keys.includes(k)),
    lastError: shown?.lastError ?? null,
    failedKeys: shown?.failedKeys ?? [],
    health,
  };
}

export async function readCanary(id: string): Promise<CanaryAnswer> {
  const { record } = await visibleChangeSet(id);
  const [subscribers, overlays] = await Promise.all([visibleSubscribers(), overlayRevisions(id)]);
  const targets = record.canary?.targets ?? [];
  const health = await Promise.all(targets.map((t) => healthOf(t.app, t.instance)));
  const instances = targets.map((t, i) =>
    instanceView(
      id,
      t,
      subscribers.find((s) => s.app === t.app && s.instance === t.instance),
      overlays.get(`${t.app}/${t.instance}`) ?? null,
      health[i]!,
    ),
  );
  const running = record.state === 'canary' && record.canary;
  return {
    id,
    state: record.state,
    canary: record.canary ?? null,
    inCanaryMs: running ? Math.max(0, Date.now() - Date.parse(record.canary!.startedAt)) : null,
    instances,
    candidates: subscribers.flatMap((s) => {
      const keys = coveredKeys(record, s.prefix);
      return keys.length > 0 ? [{ app: s.app, instance: s.instance, host: s.host, keys }] : [];
    }),
  };
}
