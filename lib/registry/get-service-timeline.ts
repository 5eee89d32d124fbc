import 'server-only';
import type { Etcd3, Namespace } from 'etcd3';
import { etcdClient, etcdConfig, etcdKv } from '../etcd/client';
import { serviceDir, splitInstanceKey } from '../sdk/registry/keys';
import { forEachPage } from '../sdk/registry/range-pages';
import type { ServiceTimeline } from './schemas';
import { readHistory } from './service-history';
import { buildTimeline } from './timeline';

/** The health timeline of one service over etcd's retained history, with a flap count per instance. */
export async function getServiceTimeline(
  name: string,
  options: { since?: number; limit: number },
  kv: Namespace = etcdKv(),
  client: Etcd3 = etcdClient(),
  prefix: string = etcdConfig().prefix,
): Promise<ServiceTimeline> {
  // The instances present now fix the revision the history is read up to.
  const present: string[] = [];
  const toRevision = await forEachPage(kv, serviceDir(name), (page) => {
    for (const item of page) {
      const names = splitInstanceKey(item.key.toString('utf8'));
      if (names?.service === name) present.push(names.id);
    }
  });
  const history = await readHistory(client, prefix, serviceDir(name), toRevision, options);
  const instances = buildTimeline(name, history.events, present);
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
