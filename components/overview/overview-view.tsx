'use client';
import { useTranslations } from 'next-intl';
import type { Overview } from '@/lib/cluster/overview';
import { formatBytes } from '@/lib/format/bytes';
import { useOverview } from '@/lib/hooks/use-overview';
import { Alert } from '../ui/alert';
import { PageTitle } from '../ui/page-title';
import { StatCard } from '../ui/stat-card';
import { MembersTable } from './members-table';
import { WarningsPanel } from './warnings-panel';

export function OverviewView({ initial }: { initial?: Overview }) {
  const t = useTranslations('overview');
  const { data, error } = useOverview(initial);
  return (
    <div>
      <PageTitle>{t('title')}</PageTitle>
      <WarningsPanel />
      {error ? (
        <div className="mb-4">
          <Alert tone="error" title={t('unavailable')} testId="overview-error">
            {error instanceof Error ? error.message : null} {t('unavailableHint')}
          </Alert>
        </div>
      ) : null}
      {data ? (
        <>
          <div className="grid grid-cols-2 gap-4 md:grid-cols-4">
            <StatCard label={t('revision')} value={data.revision.toLocaleString()} testId="stat-revision" />
            <StatCard label={t('keys')} value={data.keyCount.toLocaleString()} testId="stat-keys" />
            <StatCard
              label={t('members')}
              value={data.members.length}
              testId="stat-members"
              hint={`${t('leader')}: ${data.leader.name}`}
            />
            <StatCard label={t('dbSize')} value={formatBytes(data.dbSize)} testId="stat-db-size" />
            <StatCard
              label={t('instances')}
              value={data.instanceCount.toLocaleString()}
              testId="stat-instances"
            />
            <StatCard label={t('workers')} value={data.workerCount.toLocaleString()} testId="stat-workers" />
            <StatCard label={t('version')} value={data.version} testId="stat-version" />
            <StatCard
              label={t('clusterId')}
              value={<span className="font-mono text-base">{data.clusterId}</span>}
              hint={`${t('prefix')}: ${data.prefix || t('none')}`}
            />
          </div>
          <h2 className="mt-8 mb-3 text-sm font-semibold text-zinc-700 dark:text-zinc-300">
            {t('membersTable')}
          </h2>
          <MembersTable members={data.members} />
        </>
      ) : null}
    </div>
  );
}
