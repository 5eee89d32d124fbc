import { useTranslations } from 'next-intl';
import type { OverviewMember } from '@/lib/cluster/overview';
import { StatusDot } from '../ui/status-dot';

export function MembersTable({ members }: { members: OverviewMember[] }) {
  const t = useTranslations('overview');
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <table className="w-full text-left text-sm" data-testid="members-table">
        <thead className="border-b border-zinc-200 text-xs uppercase text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
          <tr>
            <th className="px-4 py-2 font-medium">{t('name')}</th>
            <th className="px-4 py-2 font-medium">{t('id')}</th>
            <th className="px-4 py-2 font-medium">{t('clientUrls')}</th>
            <th className="px-4 py-2 font-medium">{t('role')}</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.id} className="border-b border-zinc-100 last:border-0 dark:border-zinc-800">
              <td className="px-4 py-2 font-medium">{m.name || '—'}</td>
              <td className="px-4 py-2 font-mono text-xs">{m.id}</td>
              <td className="px-4 py-2 font-mono text-xs">{m.clientUrls.join(', ')}</td>
              <td className="px-4 py-2">
                <span className="inline-flex items-center gap-1.5">
                  <StatusDot tone={m.isLeader ? 'blue' : 'green'} />
                  {m.isLeader ? t('roleLeader') : m.isLearner ? t('roleLearner') : t('roleFollower')}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
