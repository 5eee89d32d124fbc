import 'server-only';
// The text GET /api/v1/metrics answers: the process series, then the domain series for callers who may see them.
import type { z } from 'zod';
import { type Actor, currentActor } from '../../auth/context';
import { clusterProfile, currentClusterName } from '../../etcd/cluster-context';
import { metrics } from '../registry';
import { domainSnapshot } from './collect';
import type { metricsQuery } from './metrics-query';
import { renderSnapshot } from './render';
import { warningsFrom, type warningsResponse } from './warnings';

/**
 * Domain series name services, command groups, task names, apps, prefixes and members, collected with the
 * console's own credentials: only a caller who may read the whole keyspace gets them (an unscoped token or user,
 * or an etcd-mode user with etcd's root role). A scoped caller gets the process series alone.
 */
export function seesDomainSeries(actor: Actor | null = currentActor()): boolean {
  return actor === null || (actor.prefixes.length === 0 && !actor.etcdRanges);
}

export async function metricsText(query: z.infer<typeof metricsQuery>): Promise<string> {
  const process = await metrics().registry.metrics();
  if (!seesDomainSeries()) {
    return `${process}\n# Domain series (services, commands, cluster) are served to unscoped callers only.\n`;
  }
  const cluster = query.cluster ? clusterProfile(query.cluster).name : currentClusterName();
  return `${process}\n${await renderSnapshot(await domainSnapshot(cluster))}`;
}

/** GET /api/v1/overview/warnings: the live warnings of the request's cluster, as far as the caller may see them. */
export async function overviewWarnings(): Promise<z.infer<typeof warningsResponse>> {
  return warningsFrom(await domainSnapshot(currentClusterName()), seesDomainSeries());
}
