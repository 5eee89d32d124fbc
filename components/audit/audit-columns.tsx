'use client';
import { useTranslations } from 'next-intl';
import type { AuditPage } from '@/lib/audit/list';
import { Badge } from '../ui/badge';
import type { Column } from '../ui/data-table';

type Entry = AuditPage['entries'][number];

/** The audit table's columns: time, actor, action and outcome, targets, revision, source, reason. */
export function useAuditColumns(): Column<Entry>[] {
  const t = useTranslations('audit');
  return [
    {
      id: 'time',
      header: t('time'),
      cellClassName: 'whitespace-nowrap tabular-nums',
      cell: (e) => new Date(e.time).toLocaleString(),
    },
    { id: 'actor', header: t('actor'), cell: (e) => e.actor },
    {
      id: 'action',
      header: t('action'),
      cell: (e) => (
        <>
          <Badge tone={e.action.includes('failed') ? 'red' : e.action.startsWith('kv.') ? 'blue' : 'gray'}>
            {e.action}
          </Badge>
          {e.outcome ? <span className="ml-1 text-xs text-zinc-500">{e.outcome}</span> : null}
        </>
      ),
    },
    {
      id: 'targets',
      header: t('targets'),
      cellClassName: 'max-w-md font-mono text-xs break-all',
      cell: (e) => e.targets.join(', '),
    },
    {
      id: 'revision',
      header: t('revision'),
      className: 'text-right',
      cellClassName: 'tabular-nums',
      cell: (e) => e.revision,
    },
    { id: 'source', header: t('source'), cellClassName: 'font-mono text-xs', cell: (e) => e.source },
    { id: 'reason', header: t('reason'), cellClassName: 'text-xs', cell: (e) => e.reason ?? '' },
  ];
}
