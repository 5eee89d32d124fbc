'use client';
import { CornerDownRight } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import type { TasksList } from '@/lib/client/dispatch-api';
import type { TaskView } from '@/lib/dispatch/schemas';
import { useClock } from '@/lib/hooks/use-clock';
import { useTasks } from '@/lib/hooks/use-dispatch';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Select } from '../ui/input';
import { ProgressBar } from '../ui/progress-bar';
import { StateBadge, stateTone } from './state-badge';
import { Elapsed, RelativeTime } from './time-text';

type Row = { task: TaskView; depth: number };
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
      <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <table className="w-full min-w-[56rem] table-fixed text-left text-sm" data-testid="task-list">
          <thead className="border-b border-zinc-200 text-xs text-zinc-500 uppercase dark:border-zinc-800 dark:text-zinc-400">
            <tr>
              <th className="w-72 px-3 py-2 font-medium">{t('name')}</th>
              <th className="w-28 px-3 py-2 font-medium">{t('state')}</th>
              <th className="px-3 py-2 font-medium">{t('progress')}</th>
              <th className="w-44 px-3 py-2 font-medium">{t('reporter')}</th>
              <th className="w-28 px-3 py-2 font-medium">{t('started')}</th>
              <th className="w-24 px-3 py-2 font-medium">{t('duration')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ task, depth }) => {
              const percent = task.state === 'succeeded' ? 100 : task.percent;
              const note = task.error?.message ?? task.message;
              return (
                <tr
                  key={task.id}
                  data-testid="task-row"
                  data-task={task.id}
                  data-state={task.state}
                  data-depth={depth}
                  className="border-b border-zinc-100 align-top last:border-0 dark:border-zinc-800"
                >
                  <td className="px-3 py-2">
                    <div
                      className="flex min-w-0 items-start gap-1.5"
                      style={{ paddingLeft: `${depth * 1.25}rem` }}
                    >
                      {depth > 0 ? (
                        <CornerDownRight className="mt-0.5 size-3.5 shrink-0 text-zinc-400" aria-hidden />
                      ) : null}
                      <div className="min-w-0">
                        <div className="truncate font-medium" title={task.name}>
                          {task.name}
                        </div>
                        <div className="truncate font-mono text-xs text-zinc-500" title={task.id}>
                          {task.id}
                        </div>
                      </div>
                    </div>
                  </td>
                  <td className="px-3 py-2">
                    <StateBadge state={task.state} testId="task-state" />
                  </td>
                  <td className="px-3 py-2">
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
                      <div className="mt-0.5 text-xs text-violet-700 dark:text-violet-300">
                        {t('lostHint')}
                      </div>
                    ) : null}
                  </td>
                  <td
                    className="truncate px-3 py-2 text-xs text-zinc-600 dark:text-zinc-300"
                    title={task.hostname}
                  >
                    {task.hostname}
                    {task.pid !== null ? <span className="text-zinc-500"> · {task.pid}</span> : null}
                  </td>
                  <td className="px-3 py-2 text-xs text-zinc-600 dark:text-zinc-300">
                    <RelativeTime at={task.startedAt} now={now} />
                  </td>
                  <td className="px-3 py-2 text-xs text-zinc-600 dark:text-zinc-300">
                    <Elapsed
                      from={task.startedAt}
                      to={task.state === 'running' ? null : (task.finishedAt ?? task.updatedAt)}
                      now={now}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {data && rows.length === 0 ? (
          <div
            className="px-3 py-6 text-center text-sm text-zinc-500 dark:text-zinc-400"
            data-testid="tasks-empty"
          >
            {state ? t('noMatch') : t('empty')}
          </div>
        ) : null}
        {!data && !error ? <div className="px-3 py-6 text-sm text-zinc-500">{t('loading')}</div> : null}
      </div>
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
