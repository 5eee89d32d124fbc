'use client';
import { useTranslations } from 'next-intl';
import { hexId } from '@/lib/format/etcd-id';
import type { ClusterView } from '@/lib/hooks/use-cluster';
import { StatCard } from '../ui/stat-card';

/** The figures the whole cluster shares: identity, leader, revisions, how many members answer, alarms. */
export function ClusterSummary({ view }: { view: ClusterView }) {
  const t = useTranslations('cluster.summary');
  const leader = view.members.find((m) => m.id === view.leader);
  const answering = view.members.filter((m) => m.status !== null).length;
  return (
    <div className="grid grid-cols-2 gap-4 md:grid-cols-3 xl:grid-cols-6">
      <StatCard
        label={t('clusterId')}
        value={<span className="font-mono text-base">{hexId(view.clusterId)}</span>}
        testId="cluster-id"
      />
      <StatCard
        label={t('leader')}
        value={
          leader ? (
            leader.name || hexId(leader.id)
          ) : (
            <span className="text-amber-600 dark:text-amber-400">{t('noLeader')}</span>
          )
        }
        hint={leader ? hexId(leader.id) : t('noLeaderHint')}
        testId="cluster-leader"
      />
      <StatCard label={t('revision')} value={view.revision.toLocaleString()} testId="cluster-revision" />
      <StatCard
        label={t('compactRevision')}
        value={view.compactRevision === null ? t('unknown') : view.compactRevision.toLocaleString()}
        hint={
          view.compactRevision === null
            ? t('compactUnknownHint')
            : view.compactRevision === 0
              ? t('fullHistory')
              : t('historyFrom', { revision: view.compactRevision })
        }
        testId="cluster-compact-revision"
      />
      <StatCard
        label={t('members')}
        value={
          <span className={answering < view.members.length ? 'text-red-600 dark:text-red-400' : undefined}>
            {t('answering', { answering, total: view.members.length })}
          </span>
        }
        hint={t('quorum', { quorum: Math.floor(view.members.filter((m) => !m.isLearner).length / 2) + 1 })}
        testId="cluster-members"
      />
      <StatCard
        label={t('alarms')}
        value={
          view.alarms === null ? (
            t('unknown')
          ) : view.alarms.length > 0 ? (
            <span className="text-red-600 dark:text-red-400">{view.alarms.length}</span>
          ) : (
            t('none')
          )
        }
        hint={view.alarms === null ? t('alarmsUnknownHint') : undefined}
        testId="cluster-alarms"
      />
    </div>
  );
}
