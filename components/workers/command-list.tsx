'use client';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useRef, useState } from 'react';
import {
  COMMANDS_PAGE,
  type CommandList as CommandListData,
  type CommandState,
  type CreatedCommand,
} from '@/lib/client/dispatch-api';
import { useClock } from '@/lib/hooks/use-clock';
import { useCommands, useWorkers } from '@/lib/hooks/use-dispatch';
import { Alert } from '../ui/alert';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Select } from '../ui/input';
import { CommandActions } from './command-actions';
import { RunProgress } from './run-progress';
import { StateBadge } from './state-badge';
import { Elapsed, RelativeTime } from './time-text';

const MAX_LIMIT = 500;
const states: CommandState[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];

/** Newest commands first, live: per-worker progress, state, duration; cancel and retry; filter by group/state. */
export function CommandList({ initial }: { initial?: CommandListData }) {
  const t = useTranslations('workers.commands');
  const ts = useTranslations('workers.state');
  const [group, setGroup] = useState('');
  const [state, setState] = useState<CommandState | ''>('');
  const [limit, setLimit] = useState(COMMANDS_PAGE);
  const [retried, setRetried] = useState<CreatedCommand | null>(null);
  const filtered = Boolean(group || state);
  const { data, error, isLoading, mutate } = useCommands(
    { group: group || undefined, state: state || undefined, limit },
    !filtered && limit === COMMANDS_PAGE ? initial : undefined,
  );
  const { data: workers } = useWorkers(undefined, { live: false });
  const now = useClock();

  // Every group seen so far stays in the filter, even once its workers and commands are gone from view.
  const seen = useRef(new Set<string>());
  for (const g of workers?.groups ?? []) seen.current.add(g.group);
  for (const c of data?.commands ?? []) seen.current.add(c.group);
  const groups = [...seen.current].sort();

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-2">
        <label className="flex items-center gap-2 text-sm text-zinc-600 dark:text-zinc-400">
          {t('filterGroup')}
          <Select
            value={group}
            onChange={(e) => {
              setGroup(e.target.value);
              setLimit(COMMANDS_PAGE);
            }}
            className="h-8"
            data-testid="filter-group"
          >
            <option value="">{t('allGroups')}</option>
            {groups.map((g) => (
              <option key={g} value={g}>
                {g}
              </option>
            ))}
          </Select>
        </label>
        <label className="flex items-center gap-2 text-sm text-zinc-600 dark:text-zinc-400">
          {t('filterState')}
          <Select
            value={state}
            onChange={(e) => {
              setState(e.target.value as CommandState | '');
              setLimit(COMMANDS_PAGE);
            }}
            className="h-8"
            data-testid="filter-state"
          >
            <option value="">{t('allStates')}</option>
            {states.map((s) => (
              <option key={s} value={s}>
                {ts(s)}
              </option>
            ))}
          </Select>
        </label>
        {data ? (
          <span className="ml-auto text-xs text-zinc-500 dark:text-zinc-400">
            {t('shown', { count: data.commands.length })}
          </span>
        ) : null}
      </div>
      {retried ? (
        <Alert tone="info" testId="retried-notice">
          {t('retriedAs')}{' '}
          <Link
            href={`/workers/commands/${encodeURIComponent(retried.id)}`}
            className="font-mono underline underline-offset-2"
          >
            {retried.id}
          </Link>
        </Alert>
      ) : null}
      {error ? <Alert tone="error">{error.message}</Alert> : null}
      <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <table className="w-full min-w-[56rem] table-fixed text-left text-sm" data-testid="command-list">
          <thead className="border-b border-zinc-200 text-xs text-zinc-500 uppercase dark:border-zinc-800 dark:text-zinc-400">
            <tr>
              <th className="w-56 px-3 py-2 font-medium">{t('command')}</th>
              <th className="w-40 px-3 py-2 font-medium">{t('target')}</th>
              <th className="w-28 px-3 py-2 font-medium">{t('state')}</th>
              <th className="px-3 py-2 font-medium">{t('progress')}</th>
              <th className="w-24 px-3 py-2 font-medium">{t('duration')}</th>
              <th className="w-28 px-3 py-2 font-medium">{t('created')}</th>
              <th className="w-32 px-3 py-2">
                <span className="sr-only">{t('actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {data?.commands.map((c) => (
              <tr
                key={c.id}
                data-testid="command-row"
                data-id={c.id}
                data-state={c.state}
                className="border-b border-zinc-100 align-top last:border-0 dark:border-zinc-800"
              >
                <td className="px-3 py-2.5">
                  <Link
                    href={`/workers/commands/${encodeURIComponent(c.id)}`}
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
                </td>
                <td className="px-3 py-2.5">
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
                </td>
                <td className="px-3 py-2.5">
                  <StateBadge state={c.state} testId="command-state" />
                  {c.cancelRequested && c.state === 'running' ? (
                    <div className="mt-1 text-xs text-amber-700 dark:text-amber-400">
                      {t('cancelRequested')}
                    </div>
                  ) : null}
                  {c.requeues > 0 ? (
                    <div className="mt-1 text-xs text-zinc-500">{t('requeues', { count: c.requeues })}</div>
                  ) : null}
                </td>
                <td className="px-3 py-2.5">
                  <RunProgress command={c} />
                </td>
                <td
                  className="px-3 py-2.5 text-xs text-zinc-600 dark:text-zinc-300"
                  data-testid="command-duration"
                >
                  <Elapsed from={c.createdAt} to={c.finishedAt} now={now} />
                </td>
                <td className="px-3 py-2.5 text-xs text-zinc-600 dark:text-zinc-300">
                  <RelativeTime at={c.createdAt} now={now} />
                  <div className="truncate text-zinc-500" title={c.creator}>
                    {c.creator}
                  </div>
                </td>
                <td className="px-3 py-2.5">
                  <div className="flex justify-end">
                    <CommandActions command={c} onDone={() => void mutate()} onRetried={setRetried} />
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {data && data.commands.length === 0 ? (
          <div
            className="px-3 py-6 text-center text-sm text-zinc-500 dark:text-zinc-400"
            data-testid="commands-empty"
          >
            {filtered ? t('noMatch') : t('empty')}
          </div>
        ) : null}
        {!data && isLoading ? <div className="px-3 py-6 text-sm text-zinc-500">{t('loading')}</div> : null}
      </div>
      {data?.nextCursor && limit < MAX_LIMIT ? (
        <div className="flex justify-center">
          <Button
            size="sm"
            onClick={() => setLimit((l) => Math.min(MAX_LIMIT, l + COMMANDS_PAGE))}
            data-testid="commands-more"
          >
            {t('more')}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
