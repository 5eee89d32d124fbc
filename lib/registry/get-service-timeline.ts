import 'server-only';
import type { Etcd3, Namespace } from 'etcd3';
import { mayReadKey, readableRanges } from '../auth/access';
import { currentActor } from '../auth/context';
import { etcdClient, etcdConfig, etcdKv } from '../etcd/client';
import { forEachReadablePage } from '../kv/readable-pages';
import { serviceDir, splitInstanceKey } from '../sdk/registry/keys';
import { PAGE_SIZE } from '../sdk/registry/range-pages';
import type { ServiceTimeline } from './schemas';
import { readHistory } from './service-history';
import { assertServiceReadable, assertServiceVisible } from './service-visibility';
import { buildTimeline } from './timeline';

/**
 * The health timeline of one service over etcd's retained history, with a flap count per instance: only the
 * instances, and events of instance keys, the caller may read; 404 when it may read nothing of the service.
 */
export async function getServiceTimeline(
  name: string,
  options: { since?: number; limit: number },
  kv: Namespace = etcdKv(),
  client: Etcd3 = etcdClient(),
  prefix: string = etcdConfig().prefix,
): Promise<ServiceTimeline> {
  assertServiceReadable(name);
  // The instances present now fix the revision the history is read up to.
  const present: string[] = [];
  const toRevision = await forEachReadablePage(
    kv,
    serviceDir(name),
    (page) => {
      for (const item of page) {
        const names = splitInstanceKey(item.key.toString('utf8'));
        if (names?.service === name) present.push(names.id);
      }
    },
    PAGE_SIZE,
  );
  // The history is one watch of the whole directory; a scoped caller keeps the events of keys it may read. The
  // actor is taken now: stream callbacks need not run in the request's async context.
  const actor = currentActor();
  const visible = readableRanges(actor) === null ? undefined : (key: Buffer) => mayReadKey(key, actor);
  const history = await readHistory(client, prefix, serviceDir(name), toRevision, { ...options, visible });
  const instances = buildTimeline(name, history.events, present);
  assertServiceVisible(name, instances.length);
  return {
    service: name,
    fromRevision: history.fromRevision,
    toRevision,
    compacted: history.compacted,
    truncated: history.truncated,
    flaps: instances.reduce((sum, i) => sum + i.flaps, 0),
    instances,
  };
}
