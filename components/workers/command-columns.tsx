'use client';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { CommandList, CreatedCommand } from '@/lib/client/dispatch-api';
import { Badge } from '../ui/badge';
import type { Column } from '../ui/data-table';
import { CommandActions } from './command-actions';
import { commandHref } from './command-href';
import { RunProgress } from './run-progress';
import { StateBadge } from './state-badge';
import { Elapsed, RelativeTime } from './time-text';

type Row = CommandList['commands'][number];

/** The command list's columns: id and type, target, state, per-worker progress, duration, age, actions. */
export function useCommandColumns({
  now,
  onDone,
  onRetried,
}: {
  now: number | null;
  onDone: () => void;
  onRetried: (created: CreatedCommand) => void;
}): Column<Row>[] {
  const t = useTranslations('workers.commands');
  const muted = 'text-xs text-zinc-600 dark:text-zinc-300';
  return [
    {
      id: 'command',
      header: t('command'),
      className: 'w-56',
      cell: (c) => (
        <>
          <Link
            href={commandHref(c.id)}
            className="block truncate font-mono text-xs text-sky-700 hover:underline dark:text-sky-400"
            data-testid="command-link"
            title={c.id}
          >
            {c.id}
          </Link>
          <div className="mt-0.5 truncate font-medium" title={c.type}>
            {c.type}
          </div>
          {c.retryOf ? (
            <div className="truncate text-xs text-zinc-500 dark:text-zinc-400">
              {t('retryOf', { id: c.retryOf })}
            </div>
          ) : null}
        </>
      ),
    },
    {
      id: 'target',
      header: t('target'),
      className: 'w-40',
      cell: (c) => (
        <>
          <div className="truncate font-mono text-xs" title={c.group}>
            {c.group}
          </div>
          <div className="mt-1 flex flex-wrap items-center gap-1">
            <Badge tone={c.mode === 'all' ? 'violet' : 'gray'}>
              {c.mode === 'all' ? t('modeAll') : t('modeAny')}
            </Badge>
            {c.workerId ? (
              <span className="truncate font-mono text-xs text-zinc-500" title={c.workerId}>
                → {c.workerId}
              </span>
            ) : null}
          </div>
        </>
      ),
    },
    {
      id: 'state',
      header: t('state'),
      className: 'w-28',
      cell: (c) => (
        <>
          <StateBadge state={c.state} testId="command-state" />
          {c.cancelRequested && c.state === 'running' ? (
            <div className="mt-1 text-xs text-amber-700 dark:text-amber-400">{t('cancelRequested')}</div>
          ) : null}
          {c.requeues > 0 ? (
            <div className="mt-1 text-xs text-zinc-500">{t('requeues', { count: c.requeues })}</div>
          ) : null}
        </>
      ),
    },
    { id: 'progress', header: t('progress'), cell: (c) => <RunProgress command={c} /> },
    {
      id: 'duration',
      header: t('duration'),
      className: 'w-24',
      cellClassName: muted,
      cellProps: () => ({ 'data-testid': 'command-duration' }),
      cell: (c) => <Elapsed from={c.createdAt} to={c.finishedAt} now={now} />,
    },
    {
      id: 'created',
      header: t('created'),
      className: 'w-28',
      cellClassName: muted,
      cell: (c) => (
        <>
          <RelativeTime at={c.createdAt} now={now} />
          <div className="truncate text-zinc-500" title={c.creator}>
            {c.creator}
          </div>
        </>
      ),
    },
    {
      id: 'actions',
      header: <span className="sr-only">{t('actions')}</span>,
      className: 'w-32',
      cell: (c) => (
        <div className="flex justify-end">
          <CommandActions command={c} onDone={onDone} onRetried={onRetried} />
        </div>
      ),
    },
  ];
}
