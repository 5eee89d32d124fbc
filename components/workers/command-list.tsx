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
import { Button } from '../ui/button';
import { DataTable } from '../ui/data-table';
import { Select } from '../ui/input';
import { useCommandColumns } from './command-columns';

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
  const columns = useCommandColumns({ now, onDone: () => void mutate(), onRetried: setRetried });

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
      <DataTable
        columns={columns}
        rows={data?.commands}
        rowKey={(c) => c.id}
        rowProps={(c) => ({ 'data-testid': 'command-row', 'data-id': c.id, 'data-state': c.state })}
        testId="command-list"
        tableClassName="min-w-[56rem] table-fixed"
        empty={filtered ? t('noMatch') : t('empty')}
        emptyTestId="commands-empty"
        loading={isLoading ? t('loading') : undefined}
      />
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
