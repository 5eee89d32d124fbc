// Every metric name GET /api/v1/metrics can serve: the process registry's, and the domain series of a snapshot
// holding one row of every kind. The rule and dashboard tests check that what they query exists.
import type { DomainSnapshot } from '@/lib/metrics/domain/types';

const fullSnapshot: DomainSnapshot = {
  collectedAt: 0,
  etcdUp: true,
  cluster: {
    members: [
      {
        id: '1',
        name: 'etcd-1',
        up: true,
        dbSize: 1,
        dbSizeInUse: 1,
        quotaBytes: 2,
        quotaReported: true,
        isLeader: true,
      },
    ],
    alarms: [{ memberId: '1', member: 'etcd-1', alarm: 'NOSPACE' }],
    leader: '1',
    leaderChanges: 0,
    recentLeaderChanges: 0,
  },
  keyspace: {
    services: [
      {
        service: 's',
        layout: 'console',
        up: 1,
        draining: 0,
        invalid: 0,
        expiring: 0,
        flaps: 0,
        recentFlaps: 0,
      },
    ],
    commands: [
      { group: 'g', states: { queued: 1 }, oldestQueuedSeconds: 1, oldestQueuedId: 'c', liveWorkers: 0 },
    ],
    tasks: [{ name: 't', running: 1, lost: 0, oldestProgressSeconds: 1, taskId: 'x' }],
    tasksByState: { running: 1 },
    subscribers: [{ app: 'a', prefix: '/p/', instances: 1, errors: 0, revisionsBehind: 0, secondsBehind: 0 }],
  },
  areas: [{ area: 'services', ok: true, seconds: 0 }],
};

/** Metric names as a query names them: a histogram's _bucket/_sum/_count and a counter's _total included. */
export async function exportedMetricNames(): Promise<Set<string>> {
  const { metrics } = await import('@/lib/metrics/registry');
  const { renderSnapshot } = await import('@/lib/metrics/domain/render');
  const text = `${await metrics().registry.metrics()}\n${await renderSnapshot(fullSnapshot)}`;
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    const m = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (!m) continue;
    const [, name, type] = m as unknown as [string, string, string];
    names.add(name);
    if (type === 'histogram') for (const s of ['_bucket', '_sum', '_count']) names.add(name + s);
    if (type === 'summary') for (const s of ['_sum', '_count']) names.add(name + s);
  }
  return names;
}
