'use client';
import { Users } from 'lucide-react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useCluster } from '@/lib/hooks/use-cluster';
import { useMe } from '@/lib/hooks/use-me';
import { Alert } from '../ui/alert';
import { PageTitle } from '../ui/page-title';
import { AlarmsPanel } from './alarms-panel';
import { ClusterSection } from './cluster-section';
import { ClusterSummary } from './cluster-summary';
import { MaintenancePanel } from './maintenance-panel';
import { MemberCard } from './member-card';
import { SpacePanel } from './space-panel';

/** The live cluster: every member as it sees itself, alarms, maintenance for admins, and space by prefix. */
export function ClusterPage() {
  const t = useTranslations('cluster');
  const { data, error, mutate } = useCluster();
  const { isAdmin } = useMe();
  const refresh = () => void mutate();
  return (
    <div>
      <PageTitle
        actions={
          <Link
            href="/cluster/users"
            data-testid="link-etcd-auth"
            className="inline-flex h-9 items-center gap-1.5 rounded-md border border-zinc-300 bg-white px-3.5 text-sm font-medium text-zinc-800 hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800"
          >
            <Users className="size-4" aria-hidden />
            {t('usersLink')}
          </Link>
        }
      >
        {t('title')}
      </PageTitle>
      <p className="-mt-4 mb-6 text-sm text-zinc-600 dark:text-zinc-400">{t('intro')}</p>
      <div className="flex flex-col gap-8">
        {error ? (
          <Alert tone="error" title={data ? t('stale') : t('unavailable')} testId="cluster-error">
            {error.message}
          </Alert>
        ) : null}
        {!data && !error ? <p className="text-sm text-zinc-500">{t('loading')}</p> : null}

        {data ? (
          <>
            <ClusterSummary view={data} />

            <ClusterSection id="alarms" title={t('alarms.heading')}>
              <AlarmsPanel alarms={data.alarms} isAdmin={isAdmin} onChanged={refresh} />
            </ClusterSection>

            <ClusterSection
              id="members"
              title={t('membersHeading', { count: data.members.length })}
              aside={t('polled')}
            >
              <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3" data-testid="member-list">
                {[...data.members]
                  .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
                  .map((m) => (
                    <MemberCard key={m.id} member={m} />
                  ))}
              </div>
            </ClusterSection>

            <ClusterSection id="maintenance" title={t('maintenance.heading')}>
              {isAdmin ? (
                <MaintenancePanel view={data} onChanged={refresh} />
              ) : (
                <p className="text-sm text-zinc-500 dark:text-zinc-400" data-testid="maintenance-admin-only">
                  {t('maintenance.adminOnly')}
                </p>
              )}
            </ClusterSection>

            <ClusterSection id="space" title={t('space.heading')} aside={t('space.intro')}>
              <SpacePanel />
            </ClusterSection>
          </>
        ) : null}
      </div>
    </div>
  );
}
