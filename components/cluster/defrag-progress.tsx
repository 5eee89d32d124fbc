'use client';
import { useTranslations } from 'next-intl';
import { formatBytes } from '@/lib/format/bytes';
import type { DefragView } from '@/lib/hooks/use-cluster';
import { Badge } from '../ui/badge';
import { Card } from '../ui/card';

const stateTone = { pending: 'gray', running: 'blue', done: 'green', failed: 'red' } as const;

/** The latest rolling defragmentation: one row per member in the order they run, and its log. */
export function DefragProgress({ view }: { view: DefragView }) {
  const t = useTranslations('cluster.defrag');
  const job = view.job;
  if (!job) {
    return (
      <p className="text-sm text-zinc-500 dark:text-zinc-400" data-testid="defrag-none">
        {t('none')}
      </p>
    );
  }
  const time = (iso: string | null) => (iso ? new Date(iso).toLocaleTimeString() : '—');
  const done = job.steps.filter((s) => s.state === 'done').length;
  return (
    <Card padded className="flex flex-col gap-3" data-testid="defrag-progress" data-state={job.state}>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="font-medium">{t('latest')}</span>
        <Badge
          tone={job.state === 'running' ? 'blue' : job.state === 'done' ? 'green' : 'red'}
          testId="defrag-state"
        >
          {t(`state.${job.state}`)}
        </Badge>
        <span className="text-zinc-500 tabular-nums dark:text-zinc-400">
          {t('progress', { done, total: job.steps.length })}
        </span>
        <span className="ml-auto text-xs text-zinc-500 dark:text-zinc-400">
          {t('startedBy', { owner: job.owner, time: time(job.startedAt) })}
          {view.source === 'etcd' ? ` · ${t('otherReplica')}` : ''}
        </span>
      </div>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead className="text-xs text-zinc-500 uppercase dark:text-zinc-400">
            <tr>
              <th className="py-1 pr-3 font-medium">#</th>
              <th className="py-1 pr-3 font-medium">{t('member')}</th>
              <th className="py-1 pr-3 font-medium">{t('role')}</th>
              <th className="py-1 pr-3 font-medium">{t('stateCol')}</th>
              <th className="py-1 pr-3 text-right font-medium">{t('before')}</th>
              <th className="py-1 pr-3 text-right font-medium">{t('after')}</th>
              <th className="py-1 font-medium">{t('time')}</th>
            </tr>
          </thead>
          <tbody>
            {job.steps.map((s, i) => (
              <tr
                key={s.memberId}
                className="border-t border-zinc-100 align-top dark:border-zinc-800"
                data-testid="defrag-step"
                data-state={s.state}
              >
                <td className="py-1.5 pr-3 tabular-nums text-zinc-500">{i + 1}</td>
                <td className="py-1.5 pr-3 font-medium">{s.name}</td>
                <td className="py-1.5 pr-3">{t(`roles.${s.role}`)}</td>
                <td className="py-1.5 pr-3">
                  <Badge tone={stateTone[s.state]}>{t(`step.${s.state}`)}</Badge>
                  {s.error ? (
                    <div className="mt-1 text-xs text-red-700 dark:text-red-300">{s.error}</div>
                  ) : null}
                </td>
                <td className="py-1.5 pr-3 text-right tabular-nums">
                  {s.dbSizeBefore === null ? '—' : formatBytes(s.dbSizeBefore)}
                </td>
                <td className="py-1.5 pr-3 text-right tabular-nums">
                  {s.dbSizeAfter === null ? '—' : formatBytes(s.dbSizeAfter)}
                </td>
                <td className="py-1.5 text-xs whitespace-nowrap tabular-nums text-zinc-500 dark:text-zinc-400">
                  {time(s.startedAt)} – {time(s.finishedAt)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <details open={job.state !== 'done'} className="text-xs">
        <summary className="cursor-pointer text-zinc-600 dark:text-zinc-300">
          {t('log', { count: job.log.length })}
        </summary>
        <ol
          className="mt-2 max-h-56 overflow-auto rounded-md bg-zinc-50 p-2 font-mono dark:bg-zinc-950"
          data-testid="defrag-log"
          aria-live="polite"
        >
          {job.log.map((entry, i) => (
            <li key={`${entry.at}-${i}`} className="whitespace-pre-wrap break-words">
              <span className="text-zinc-400">{time(entry.at)}</span> {entry.message}
            </li>
          ))}
        </ol>
      </details>
    </Card>
  );
}
