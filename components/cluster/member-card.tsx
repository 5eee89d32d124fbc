'use client';
import { useTranslations } from 'next-intl';
import { formatBytes } from '@/lib/format/bytes';
import { hexId } from '@/lib/format/etcd-id';
import type { ClusterMember } from '@/lib/hooks/use-cluster';
import { Badge } from '../ui/badge';
import { StatusDot } from '../ui/status-dot';
import { UsageBar } from './usage-bar';

/** One member as it sees itself; red with the error while it does not answer at its own client URL. */
export function MemberCard({ member }: { member: ClusterMember }) {
  const t = useTranslations('cluster.member');
  const s = member.status;
  const up = s !== null;
  const name = member.name || t('unnamed');
  const role = member.isLeader ? 'leader' : member.isLearner ? 'learner' : 'follower';
  const dbLabel = s
    ? s.quotaBytes
      ? t('dbOfQuota', {
          inUse: formatBytes(s.dbSizeInUse),
          size: formatBytes(s.dbSize),
          quota: formatBytes(s.quotaBytes),
        })
      : t('dbNoQuota', { inUse: formatBytes(s.dbSizeInUse), size: formatBytes(s.dbSize) })
    : '';
  return (
    <article
      data-testid="member-card"
      data-member={member.name}
      data-member-id={member.id}
      data-state={up ? 'up' : 'down'}
      data-leader={member.isLeader ? 'true' : 'false'}
      aria-label={name}
      className={`flex flex-col gap-3 rounded-lg border p-4 transition-colors ${
        up
          ? 'border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900'
          : 'border-red-300 bg-red-50 dark:border-red-900 dark:bg-red-950/40'
      }`}
    >
      <header className="flex flex-wrap items-center gap-2">
        <StatusDot tone={up ? 'green' : 'red'} />
        <h3 className="font-semibold" data-testid="member-name">
          {name}
        </h3>
        <Badge
          tone={role === 'leader' ? 'blue' : role === 'learner' ? 'violet' : 'gray'}
          testId="member-role"
        >
          {t(role)}
        </Badge>
        <span className="ml-auto" data-testid="member-state">
          <Badge tone={up ? 'green' : 'red'}>{up ? t('answering') : t('unreachable')}</Badge>
        </span>
      </header>

      {!up ? (
        <p
          data-testid="member-error"
          role="alert"
          className="rounded-md bg-red-100 px-3 py-2 text-sm break-words text-red-800 dark:bg-red-950 dark:text-red-200"
        >
          {member.error ?? t('noAnswer')}
        </p>
      ) : null}

      <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1 text-xs">
        <dt className="text-zinc-500 dark:text-zinc-400">{t('id')}</dt>
        <dd className="font-mono" title={member.id}>
          {hexId(member.id)}
        </dd>
        <dt className="text-zinc-500 dark:text-zinc-400">{t('clientUrls')}</dt>
        <dd className="font-mono break-all">{member.clientUrls.join(', ') || '—'}</dd>
        <dt className="text-zinc-500 dark:text-zinc-400">{t('peerUrls')}</dt>
        <dd className="font-mono break-all">{member.peerUrls.join(', ') || '—'}</dd>
        <dt className="text-zinc-500 dark:text-zinc-400">{t('version')}</dt>
        <dd>{s?.version ?? '—'}</dd>
        <dt className="text-zinc-500 dark:text-zinc-400">{t('raft')}</dt>
        <dd className="tabular-nums" data-testid="member-raft">
          {s ? t('raftValue', { index: s.raftIndex, applied: s.raftAppliedIndex, term: s.raftTerm }) : '—'}
        </dd>
        <dt className="text-zinc-500 dark:text-zinc-400">{t('latency')}</dt>
        <dd className="tabular-nums" data-testid="member-latency">
          {up ? t('latencyValue', { ms: member.latencyMs }) : t('failedAfter', { ms: member.latencyMs })}
        </dd>
      </dl>

      {s ? (
        <div className="flex flex-col gap-1.5">
          <div className="flex items-baseline justify-between gap-2 text-xs">
            <span className="text-zinc-500 dark:text-zinc-400">{t('db')}</span>
            <span className="tabular-nums text-zinc-500 dark:text-zinc-400">
              {s.quotaBytes
                ? t('quotaShare', { percent: Math.round((s.dbSize / s.quotaBytes) * 100) })
                : t('quotaUnknown')}
            </span>
          </div>
          <UsageBar inUse={s.dbSizeInUse} size={s.dbSize} quota={s.quotaBytes} label={dbLabel} />
          <span className="text-xs tabular-nums" data-testid="member-db">
            {dbLabel}
          </span>
        </div>
      ) : null}

      {s && s.errors.length > 0 ? (
        <ul className="list-disc pl-5 text-xs text-amber-800 dark:text-amber-300" data-testid="member-notes">
          {s.errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
    </article>
  );
}
