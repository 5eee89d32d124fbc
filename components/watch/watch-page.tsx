'use client';
import { Download, Pause, Play, Trash } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { memo, useMemo, useState } from 'react';
import { Alert } from '../ui/alert';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { Input, Select } from '../ui/input';
import { PageTitle } from '../ui/page-title';
import { StatusDot } from '../ui/status-dot';
import { useSeen } from './use-seen';
import { type LogEntry, MAX_LOG, useWatchLog, type WatchSpec } from './use-watch-log';
import { ValueChange } from './value-change';

/** Rows in the document at once, newest first; the log itself keeps up to MAX_LOG entries (and exports them). */
const MAX_ROWS = 50;
/** Newest rows that get their word diff as they mount while the page is scrolled to its top (they are in view). */
const EAGER_DIFF_ROWS = 15;

const COLUMNS = 'grid grid-cols-[7rem_5rem_minmax(0,1fr)_minmax(0,2fr)]';

const stateTone = {
  idle: 'gray',
  connecting: 'gray',
  live: 'green',
  reconnecting: 'amber',
  resynced: 'red',
} as const;

export function WatchPage({ initial }: { initial: WatchSpec | null }) {
  const t = useTranslations('watch');
  const [kind, setKind] = useState<'prefix' | 'key'>(initial?.kind ?? 'prefix');
  const [target, setTarget] = useState(initial?.target ?? '/');
  const [from, setFrom] = useState(initial?.fromRevision ? String(initial.fromRevision) : '');
  const [spec, setSpec] = useState<WatchSpec | null>(initial);
  const [filter, setFilter] = useState('');
  const log = useWatchLog(spec);
  const matching = useMemo(
    () => (filter ? log.entries.filter((e) => e.key.includes(filter)) : log.entries),
    [log.entries, filter],
  );
  const rows = useMemo(() => matching.slice(0, MAX_ROWS), [matching]);

  function start() {
    const revision = Number(from);
    const next: WatchSpec = {
      kind,
      target,
      fromRevision: Number.isInteger(revision) && revision > 0 ? revision : undefined,
    };
    setSpec(next);
    const q = new URLSearchParams({ [kind]: target });
    if (next.fromRevision) q.set('from', String(next.fromRevision));
    window.history.replaceState(null, '', `/watch?${q.toString()}`);
  }

  function exportLog() {
    const blob = new Blob([JSON.stringify({ spec, events: [...log.entries].reverse() }, null, 2)], {
      type: 'application/json',
    });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `etcd-watch-${Date.now()}.json`;
    a.click();
    URL.revokeObjectURL(a.href);
  }

  return (
    <div className="flex flex-col gap-4">
      <PageTitle>{t('title')}</PageTitle>
      <p className="-mt-4 text-sm text-zinc-600 dark:text-zinc-400">{t('intro')}</p>
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          start();
        }}
      >
        <Select
          value={kind}
          onChange={(e) => setKind(e.target.value as 'prefix' | 'key')}
          aria-label={t('target')}
          data-testid="watch-kind"
        >
          <option value="prefix">{t('prefix')}</option>
          <option value="key">{t('key')}</option>
        </Select>
        <Input
          value={target}
          onChange={(e) => setTarget(e.target.value)}
          className="w-96 font-mono"
          aria-label={t('target')}
          data-testid="watch-target"
        />
        <Input
          value={from}
          onChange={(e) => setFrom(e.target.value.replace(/[^\d]/g, ''))}
          placeholder={t('fromRevision')}
          aria-label={t('fromRevision')}
          className="w-48"
          data-testid="watch-from"
        />
        <Button type="submit" variant="primary" data-testid="watch-start">
          {t('start')}
        </Button>
        {spec ? (
          <Button onClick={() => setSpec(null)} data-testid="watch-stop">
            {t('stop')}
          </Button>
        ) : null}
      </form>
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <span className="inline-flex items-center gap-1.5" data-testid="watch-state" data-state={log.state}>
          <StatusDot tone={stateTone[log.state]} />
          {log.state === 'resynced' ? t('state.live') : t(`state.${log.state}`)}
        </span>
        {log.readyRevision !== null ? (
          <span className="text-xs text-zinc-500">{t('currentFrom', { revision: log.readyRevision })}</span>
        ) : null}
        <Badge>{t('events', { count: log.entries.length })}</Badge>
        <div className="ml-auto flex items-center gap-2">
          <Input
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            placeholder={t('filter')}
            className="h-8 w-56"
            data-testid="watch-filter"
          />
          <Button size="sm" onClick={() => log.setPaused(!log.paused)} data-testid="watch-pause">
            {log.paused ? (
              <Play className="size-3.5" aria-hidden />
            ) : (
              <Pause className="size-3.5" aria-hidden />
            )}
            {log.paused ? t('resume') : t('pause')}
          </Button>
          <Button size="sm" onClick={log.clear}>
            <Trash className="size-3.5" aria-hidden /> {t('clear')}
          </Button>
          <Button size="sm" onClick={exportLog} disabled={log.entries.length === 0}>
            <Download className="size-3.5" aria-hidden /> {t('export')}
          </Button>
        </div>
      </div>
      {log.state === 'resynced' ? (
        <Alert tone="warning" testId="watch-resynced">
          {t('state.resynced')}
        </Alert>
      ) : null}
      {log.paused && log.buffered > 0 ? (
        <Alert tone="info">{t('buffered', { count: log.buffered })}</Alert>
      ) : null}
      {log.entries.length >= MAX_LOG ? (
        <p className="text-xs text-zinc-500">{t('truncated', { count: MAX_LOG })}</p>
      ) : null}
      {matching.length > rows.length ? (
        <p className="text-xs text-zinc-500" data-testid="watch-rows-shown">
          {t('showing', { shown: rows.length, count: matching.length })}
        </p>
      ) : null}
      <Card className="overflow-hidden">
        <WatchLog rows={rows} />
        {spec && log.entries.length === 0 ? (
          <div className="px-3 py-4 text-sm text-zinc-500">{t('empty')}</div>
        ) : null}
      </Card>
    </div>
  );
}

/** The newest rows; memoised, so typing in the form does not render them again. */
const WatchLog = memo(function WatchLog({ rows }: { rows: LogEntry[] }) {
  const t = useTranslations('watch');
  const deletedLabel = t('deleted');
  // Rows in view get their diff as they mount rather than a frame later, so the plain form does not flash first.
  const atTop = typeof window !== 'undefined' && window.scrollY < 200;
  return (
    <table className="block w-full text-left text-sm" data-testid="watch-log">
      <thead className="block bg-zinc-50 text-xs text-zinc-500 uppercase dark:bg-zinc-950">
        <tr className={COLUMNS}>
          <th className="px-3 py-2">{t('revision')}</th>
          <th className="px-3 py-2">{t('type')}</th>
          <th className="px-3 py-2">{t('key')}</th>
          <th className="px-3 py-2">{t('change')}</th>
        </tr>
      </thead>
      <tbody className="block">
        {rows.map((e, i) => (
          <WatchRow key={e.seq} entry={e} deletedLabel={deletedLabel} eager={atTop && i < EAGER_DIFF_ROWS} />
        ))}
      </tbody>
    </table>
  );
});

/**
 * One event; memoised so a burst of new events renders only the new rows. Out of view it skips layout and paint
 * (content-visibility), and its word diff waits until the browser first renders it, unless it mounts `eager`.
 */
const WatchRow = memo(
  function WatchRow({
    entry: e,
    deletedLabel,
    eager,
  }: {
    entry: LogEntry;
    deletedLabel: string;
    eager: boolean;
  }) {
    // Only `eager` at mount counts: a row's position changes with every batch.
    const [diffAtOnce] = useState(eager);
    const [ref, seen] = useSeen<HTMLTableRowElement>();
    return (
      <tr
        ref={ref}
        className={`${COLUMNS} border-t border-zinc-100 [contain-intrinsic-size:auto_33px] [content-visibility:auto] dark:border-zinc-800`}
        data-testid="watch-row"
        data-revision={e.revision}
      >
        <td className="px-3 py-1.5 tabular-nums">{e.revision}</td>
        <td className="px-3 py-1.5">
          <Badge tone={e.type === 'put' ? (e.version === 1 ? 'green' : 'blue') : 'red'}>{e.type}</Badge>
        </td>
        <td className="truncate px-3 py-1.5 font-mono text-[13px]" title={e.key}>
          {e.keyEncoding === 'base64' ? `base64:${e.key}` : e.key}
        </td>
        <td className="min-w-0 px-3 py-1.5 break-all">
          <ValueChange entry={e} deletedLabel={deletedLabel} detailed={diffAtOnce || seen} />
        </td>
      </tr>
    );
  },
  (a, b) => a.entry === b.entry && a.deletedLabel === b.deletedLabel,
);
