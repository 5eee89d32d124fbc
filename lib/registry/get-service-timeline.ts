import 'server-only';
import type { Etcd3, Namespace } from 'etcd3';
import { mayReadKey, readableRanges } from '../auth/access';
import { currentActor } from '../auth/context';
import { etcdClient, etcdConfig, etcdKv } from '../etcd/client';
import type { KnownLayout } from '../layouts/active';
import { readServiceItems } from './read-service';
import { resolveLayout } from './resolve-layout';
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
  known?: KnownLayout,
): Promise<ServiceTimeline> {
  const layout = known ?? (await resolveLayout('console'));
  const dir = layout.layout.serviceDir(name);
  assertServiceReadable(name, dir);
  // The instances present now fix the revision the history is read up to.
  const { items, revision: toRevision } = await readServiceItems(kv, layout, name);
  const present = items.map((i) => i.id);
  // The history is one watch of the whole directory; a scoped caller keeps the events of keys it may read. The
  // actor is taken now: stream callbacks need not run in the request's async context.
  const actor = currentActor();
  const visible = readableRanges(actor) === null ? undefined : (key: Buffer) => mayReadKey(key, actor);
  const history = await readHistory(client, prefix, dir, toRevision, { ...options, visible });
  const instances = buildTimeline(name, history.events, present, layout.layout);
  assertServiceVisible(name, instances.length, dir);
  return {
    service: name,
    layout: layout.layout.id,
    fromRevision: history.fromRevision,
    toRevision,
    compacted: history.compacted,
    truncated: history.truncated,
    flaps: instances.reduce((sum, i) => sum + i.flaps, 0),
    instances,
  };
}
