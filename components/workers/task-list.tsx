'use client';
import { useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import type { TasksList } from '@/lib/client/dispatch-api';
import type { TaskView } from '@/lib/dispatch/schemas';
import { useClock } from '@/lib/hooks/use-clock';
import { useTasks } from '@/lib/hooks/use-dispatch';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { DataTable } from '../ui/data-table';
import { Select } from '../ui/input';
import { type TaskRow, useTaskColumns } from './task-columns';

type Row = TaskRow;
type TaskState = TaskView['state'];
const taskStates: TaskState[] = ['running', 'succeeded', 'failed', 'lost'];

const ROOTS_PAGE = 10;

/**
 * Sub-tasks right under their parent, oldest first; a task whose parent is gone starts its own tree. The API
 * lists running tasks first, then by last update, so the first `maxRoots` trees are the ones that matter now.
 */
function nest(tasks: TaskView[], state: TaskState | '', maxRoots: number): { rows: Row[]; hidden: number } {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const rows: Row[] = [];
  const seen = new Set<string>();
  const walk = (task: TaskView, depth: number) => {
    if (seen.has(task.id)) return;
    seen.add(task.id);
    rows.push({ task, depth });
    const children = task.children
      .map((id) => byId.get(id))
      .filter((c): c is TaskView => c !== undefined)
      .sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
    for (const child of children) walk(child, depth + 1);
  };
  let roots = 0;
  let hidden = 0;
  for (const task of tasks) {
    const isRoot = !task.parent || !byId.has(task.parent);
    if (!isRoot || (state && task.state !== state)) continue;
    if (roots++ < maxRoots) walk(task, 0);
    else hidden++;
  }
  return { rows, hidden };
}

/** Work reports (GET /api/v1/tasks): live ones with progress, then the finished and the lost. */
export function TaskList({ initial }: { initial?: TasksList }) {
  const t = useTranslations('workers.tasks');
  const ts = useTranslations('workers.state');
  const { data, error } = useTasks(initial);
  const [state, setState] = useState<TaskState | ''>('');
  const now = useClock();
  const columns = useTaskColumns(now);
  const [maxRoots, setMaxRoots] = useState(ROOTS_PAGE);
  const { rows, hidden } = useMemo(() => nest(data?.tasks ?? [], state, maxRoots), [data, state, maxRoots]);
  const counts = useMemo(() => {
    const c: Record<TaskState, number> = { running: 0, succeeded: 0, failed: 0, lost: 0 };
    for (const task of data?.tasks ?? []) c[task.state]++;
    return c;
  }, [data]);

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-3">
        <label className="flex items-center gap-2 text-sm text-zinc-600 dark:text-zinc-400">
          {t('filterState')}
          <Select
            value={state}
            onChange={(e) => setState(e.target.value as TaskState | '')}
            className="h-8"
            data-testid="filter-task-state"
          >
            <option value="">{t('allStates')}</option>
            {taskStates.map((s) => (
              <option key={s} value={s}>
                {ts(s)}
              </option>
            ))}
          </Select>
        </label>
        <span className="ml-auto text-xs text-zinc-500 dark:text-zinc-400">
          {t('counts', {
            running: counts.running,
            finished: counts.succeeded + counts.failed,
            lost: counts.lost,
          })}
        </span>
      </div>
      {error ? <Alert tone="error">{error.message}</Alert> : null}
      <DataTable
        columns={columns}
        rows={data ? rows : undefined}
        rowKey={({ task }) => task.id}
        rowProps={({ task, depth }) => ({
          'data-testid': 'task-row',
          'data-task': task.id,
          'data-state': task.state,
          'data-depth': depth,
        })}
        testId="task-list"
        tableClassName="min-w-[56rem] table-fixed"
        empty={state ? t('noMatch') : t('empty')}
        emptyTestId="tasks-empty"
        loading={error ? undefined : t('loading')}
      />
      {hidden > 0 ? (
        <div className="flex justify-center">
          <Button size="sm" onClick={() => setMaxRoots((n) => n + ROOTS_PAGE)} data-testid="tasks-more">
            {t('more', { count: hidden })}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
