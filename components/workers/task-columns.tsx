'use client';
import { CornerDownRight } from 'lucide-react';
import { useTranslations } from 'next-intl';
import type { TaskView } from '@/lib/dispatch/schemas';
import type { Column } from '../ui/data-table';
import { ProgressBar } from '../ui/progress-bar';
import { StateBadge, stateTone } from './state-badge';
import { Elapsed, RelativeTime } from './time-text';

/** A task and how deep it sits under its root. */
export type TaskRow = { task: TaskView; depth: number };

/** The task list's columns: name (indented by depth), state, progress with its note, reporter, start, duration. */
export function useTaskColumns(now: number | null): Column<TaskRow>[] {
  const t = useTranslations('workers.tasks');
  const muted = 'text-xs text-zinc-600 dark:text-zinc-300';
  return [
    {
      id: 'name',
      header: t('name'),
      className: 'w-72',
      cell: ({ task, depth }) => <TaskName task={task} depth={depth} />,
    },
    {
      id: 'state',
      header: t('state'),
      className: 'w-28',
      cell: ({ task }) => <StateBadge state={task.state} testId="task-state" />,
    },
    { id: 'progress', header: t('progress'), cell: ({ task }) => <TaskProgress task={task} /> },
    {
      id: 'reporter',
      header: t('reporter'),
      className: 'w-44',
      cellClassName: `truncate ${muted}`,
      cellProps: ({ task }) => ({ title: task.hostname }),
      cell: ({ task }) => (
        <>
          {task.hostname}
          {task.pid !== null ? <span className="text-zinc-500"> · {task.pid}</span> : null}
        </>
      ),
    },
    {
      id: 'started',
      header: t('started'),
      className: 'w-28',
      cellClassName: muted,
      cell: ({ task }) => <RelativeTime at={task.startedAt} now={now} />,
    },
    {
      id: 'duration',
      header: t('duration'),
      className: 'w-24',
      cellClassName: muted,
      cell: ({ task }) => (
        <Elapsed
          from={task.startedAt}
          to={task.state === 'running' ? null : (task.finishedAt ?? task.updatedAt)}
          now={now}
        />
      ),
    },
  ];
}

function TaskName({ task, depth }: TaskRow) {
  return (
    <div className="flex min-w-0 items-start gap-1.5" style={{ paddingLeft: `${depth * 1.25}rem` }}>
      {depth > 0 ? <CornerDownRight className="mt-0.5 size-3.5 shrink-0 text-zinc-400" aria-hidden /> : null}
      <div className="min-w-0">
        <div className="truncate font-medium" title={task.name}>
          {task.name}
        </div>
        <div className="truncate font-mono text-xs text-zinc-500" title={task.id}>
          {task.id}
        </div>
      </div>
    </div>
  );
}

function TaskProgress({ task }: { task: TaskView }) {
  const t = useTranslations('workers.tasks');
  const percent = task.state === 'succeeded' ? 100 : task.percent;
  const note = task.error?.message ?? task.message;
  return (
    <>
      <div className="flex items-center gap-2">
        <ProgressBar
          percent={percent ?? (task.state === 'running' ? null : 0)}
          tone={stateTone[task.state]}
          label={task.name}
          testId="task-progress"
        />
        <span className="w-10 shrink-0 text-right text-xs tabular-nums text-zinc-600 dark:text-zinc-400">
          {percent === null ? '…' : `${Math.round(percent)}%`}
        </span>
      </div>
      {note ? (
        <div
          className={`mt-0.5 truncate text-xs ${task.error ? 'text-red-700 dark:text-red-400' : 'text-zinc-500 dark:text-zinc-400'}`}
          title={note}
        >
          {note}
        </div>
      ) : null}
      {task.state === 'lost' ? (
        <div className="mt-0.5 text-xs text-violet-700 dark:text-violet-300">{t('lostHint')}</div>
      ) : null}
    </>
  );
}
