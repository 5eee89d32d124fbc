import { useTranslations } from 'next-intl';
import type { OverviewMember } from '@/lib/cluster/overview';
import { type Column, DataTable } from '../ui/data-table';
import { StatusDot } from '../ui/status-dot';

export function MembersTable({ members }: { members: OverviewMember[] }) {
  const t = useTranslations('overview');
  const columns: Column<OverviewMember>[] = [
    { id: 'name', header: t('name'), cell: (m) => m.name || '—', cellClassName: 'font-medium' },
    { id: 'id', header: t('id'), cell: (m) => m.id, cellClassName: 'font-mono text-xs' },
    {
      id: 'clientUrls',
      header: t('clientUrls'),
      cell: (m) => m.clientUrls.join(', '),
      cellClassName: 'font-mono text-xs',
    },
    {
      id: 'role',
      header: t('role'),
      cell: (m) => (
        <span className="inline-flex items-center gap-1.5">
          <StatusDot tone={m.isLeader ? 'blue' : 'green'} />
          {m.isLeader ? t('roleLeader') : m.isLearner ? t('roleLearner') : t('roleFollower')}
        </span>
      ),
    },
  ];
  return <DataTable columns={columns} rows={members} rowKey={(m) => m.id} testId="members-table" />;
}
