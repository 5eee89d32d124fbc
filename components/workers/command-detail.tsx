'use client';
import { ArrowLeft } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { ApiError } from '@/lib/api/errors';
import type { CommandDetail as CommandDetailData } from '@/lib/client/dispatch-api';
import type { RunView, TimelineEvent } from '@/lib/dispatch/schemas';
import { formatDuration } from '@/lib/format/duration';
import { useClock } from '@/lib/hooks/use-clock';
import { useCommand } from '@/lib/hooks/use-dispatch';
import { Alert } from '../ui/alert';
import { Badge } from '../ui/badge';
import { ProgressBar } from '../ui/progress-bar';
import { CommandActions } from './command-actions';
import { runPercent } from './run-progress';
import { StateBadge, stateTone } from './state-badge';
import { Elapsed, Timestamp } from './time-text';
import { describeEvent } from './timeline-text';

const commandHref = (id: string) => `/workers/commands/${encodeURIComponent(id)}`;

/** One command: what it is, each worker's run with progress and outcome, and its timeline; cancel or retry. */
export function CommandDetail({ id, initial }: { id: string; initial?: CommandDetailData }) {
  const t = useTranslations('workers.detail');
  const tc = useTranslations('workers.commands');
  const router = useRouter();
  const { data, error, mutate } = useCommand(id, initial);
  const now = useClock();

  const back = (
    <Link
      href="/workers"
      className="inline-flex items-center gap-1.5 text-sm text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
    >
      <ArrowLeft className="size-4" aria-hidden /> {t('back')}
    </Link>
  );
  if (!data) {
    return (
      <div className="flex flex-col gap-4">
        {back}
        {error ? (
          <Alert tone="error" title={t('unavailable', { id })} testId="command-error">
            {error instanceof ApiError && error.code === 'not_found' ? t('notFound') : error.message}
          </Alert>
        ) : (
          <div className="text-sm text-zinc-500">{t('loading')}</div>
        )}
      </div>
    );
  }

  const deadlineLeft = data.deadline && now !== null ? Date.parse(data.deadline) - now : null;
  const active = data.state === 'queued' || data.state === 'running';
  return (
    <div className="flex flex-col gap-6" data-testid="command-detail" data-id={data.id}>
      {back}
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold tracking-tight">
          {t('title')} <span className="font-mono text-lg">{data.id}</span>
        </h1>
        <StateBadge state={data.state} testId="command-state" />
        <div className="ml-auto">
          <CommandActions
            command={data}
            size="md"
            onDone={() => void mutate()}
            onRetried={(created) => router.push(commandHref(created.id))}
          />
        </div>
      </div>
      {error ? <Alert tone="warning">{error.message}</Alert> : null}
      {data.cancelRequested && active ? <Alert tone="warning">{t('cancelPending')}</Alert> : null}
      {data.retriedAs.length > 0 ? (
        <Alert tone="info">
          {t('retriedAs')}{' '}
          {data.retriedAs.map((newId, i) => (
            <span key={newId}>
              {i > 0 ? ', ' : null}
              <Link href={commandHref(newId)} className="font-mono underline underline-offset-2">
                {newId}
              </Link>
            </span>
          ))}
        </Alert>
      ) : null}

      <dl className="grid grid-cols-2 gap-x-6 gap-y-3 rounded-lg border border-zinc-200 bg-white p-4 text-sm sm:grid-cols-3 xl:grid-cols-5 dark:border-zinc-800 dark:bg-zinc-900">
        <Fact label={t('group')}>
          <span className="font-mono">{data.group}</span>
        </Fact>
        <Fact label={t('type')}>
          <span className="font-mono">{data.type}</span>
        </Fact>
        <Fact label={t('mode')}>
          <Badge tone={data.mode === 'all' ? 'violet' : 'gray'}>
            {data.mode === 'all' ? tc('modeAll') : tc('modeAny')}
          </Badge>
        </Fact>
        <Fact label={t('worker')}>
          {data.workerId ? (
            <span className="font-mono">{data.workerId}</span>
          ) : data.mode === 'all' ? (
            data.targets.length > 0 ? (
              t('allWorkers', { count: data.targets.length })
            ) : (
              t('allWorkersNone')
            )
          ) : (
            t('anyWorker')
          )}
        </Fact>
        <Fact label={t('creator')}>{data.creator}</Fact>
        <Fact label={t('created')}>
          <Timestamp at={data.createdAt} withDate />
        </Fact>
        <Fact label={t('duration')}>
          <span data-testid="command-duration">
            <Elapsed from={data.createdAt} to={data.finishedAt} now={now} />
          </span>
        </Fact>
        <Fact label={t('deadline')}>
          {data.deadline ? (
            <>
              <Timestamp at={data.deadline} />
              {active && deadlineLeft !== null ? (
                <span className="ml-1.5 text-xs text-zinc-500">
                  {deadlineLeft > 0
                    ? t('deadlineIn', { left: formatDuration(deadlineLeft) })
                    : t('deadlinePassed')}
                </span>
              ) : null}
            </>
          ) : (
            t('none')
          )}
        </Fact>
        <Fact label={t('requeues')}>{data.requeues}</Fact>
        <Fact label={t('retryOf')}>
          {data.retryOf ? (
            <Link
              href={commandHref(data.retryOf)}
              className="font-mono text-sky-700 hover:underline dark:text-sky-400"
            >
              {data.retryOf}
            </Link>
          ) : (
            t('none')
          )}
        </Fact>
      </dl>

      <section aria-labelledby="runs-heading" className="flex flex-col gap-2">
        <h2 id="runs-heading" className="text-sm font-semibold text-zinc-700 dark:text-zinc-300">
          {t('runs')}
        </h2>
        <div className="flex flex-col gap-3">
          {data.runs.map((run) => (
            <RunCard key={run.slot} run={run} now={now} resultOpen={data.runs.length <= 3} />
          ))}
        </div>
      </section>

      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        <section aria-labelledby="timeline-heading" className="flex min-w-0 flex-col gap-2">
          <h2 id="timeline-heading" className="text-sm font-semibold text-zinc-700 dark:text-zinc-300">
            {t('timeline')}
          </h2>
          <Timeline events={data.timeline} />
        </section>
        <section aria-labelledby="payload-heading" className="flex min-w-0 flex-col gap-2">
          <h2 id="payload-heading" className="text-sm font-semibold text-zinc-700 dark:text-zinc-300">
            {t('payload')}
          </h2>
          <Json value={data.payload} testId="command-payload" />
        </section>
      </div>
    </div>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
        {label}
      </dt>
      <dd className="mt-0.5 truncate">{children}</dd>
    </div>
  );
}

function RunCard({ run, now, resultOpen }: { run: RunView; now: number | null; resultOpen: boolean }) {
  const t = useTranslations('workers.detail');
  const percent = runPercent(run);
  const finished = run.finishedAt !== null;
  return (
    <div
      data-testid="run-row"
      data-slot={run.slot}
      data-worker={run.workerId ?? ''}
      data-state={run.state}
      data-percent={percent ?? ''}
      className="flex flex-col gap-2 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
        <span className="font-mono font-semibold">{run.workerId ?? t('notClaimed')}</span>
        <StateBadge state={run.state} />
        {run.attempt > 0 ? (
          <span className="text-xs text-zinc-500">{t('attempt', { attempt: run.attempt })}</span>
        ) : null}
        <span className="ml-auto flex flex-wrap gap-x-3 text-xs text-zinc-500 dark:text-zinc-400">
          {run.claimedAt ? (
            <span>
              {t('claimedAt')} <Timestamp at={run.claimedAt} />
            </span>
          ) : null}
          {run.finishedAt ? (
            <span>
              {t('finishedAt')} <Timestamp at={run.finishedAt} />
            </span>
          ) : null}
          {run.claimedAt ? (
            <span>
              {t('ran')} <Elapsed from={run.claimedAt} to={run.finishedAt} now={now} />
            </span>
          ) : null}
        </span>
      </div>
      <div className="flex items-center gap-2">
        <ProgressBar percent={percent} tone={stateTone[run.state]} label={run.workerId ?? run.slot} />
        <span className="w-10 shrink-0 text-right text-xs tabular-nums text-zinc-600 dark:text-zinc-400">
          {percent === null ? '…' : `${Math.round(percent)}%`}
        </span>
      </div>
      {run.message ? (
        <div className="text-xs break-words text-zinc-600 dark:text-zinc-400">{run.message}</div>
      ) : null}
      {run.error ? (
        <Alert tone="error" testId="run-error">
          {run.error.code ? <span className="mr-1.5 font-mono text-xs">[{run.error.code}]</span> : null}
          {run.error.message}
        </Alert>
      ) : null}
      {finished && run.result !== null && run.result !== undefined ? (
        <details open={resultOpen}>
          <summary className="mb-1 cursor-pointer text-xs font-medium text-zinc-500 dark:text-zinc-400">
            {t('result')}
          </summary>
          <Json value={run.result} testId="run-result" />
        </details>
      ) : null}
    </div>
  );
}

function Timeline({ events }: { events: TimelineEvent[] }) {
  const t = useTranslations('workers.timeline');
  return (
    <ol className="flex flex-col rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
      {events.map((e, i) => {
        const described = describeEvent(e, (key, values) => t(key, values));
        return (
          <li
            key={`${e.at}-${e.type}-${i}`}
            data-testid="timeline-event"
            data-type={e.type}
            className="relative flex gap-3 border-l border-zinc-200 pb-3 pl-4 last:pb-0 dark:border-zinc-700"
          >
            <span
              aria-hidden
              className={`absolute top-1.5 -left-[5px] size-2.5 rounded-full ring-2 ring-white dark:ring-zinc-900 ${dot[e.type]}`}
            />
            <span className="w-20 shrink-0 text-xs text-zinc-500 dark:text-zinc-400">
              <Timestamp at={e.at} />
            </span>
            <div className="min-w-0 text-sm">
              <span className="font-medium">{t(`type.${typeKey[e.type]}`)}</span>
              <span className="text-zinc-600 dark:text-zinc-400"> · {described.text}</span>
              {described.link ? (
                <>
                  {' '}
                  <Link
                    href={commandHref(described.link)}
                    className="font-mono text-xs text-sky-700 hover:underline dark:text-sky-400"
                  >
                    {described.link}
                  </Link>
                </>
              ) : null}
              {described.detail ? (
                <div className="mt-0.5 text-xs break-words text-zinc-500 dark:text-zinc-400">
                  {described.detail}
                </div>
              ) : null}
            </div>
          </li>
        );
      })}
    </ol>
  );
}

const typeKey: Record<TimelineEvent['type'], string> = {
  created: 'created',
  claimed: 'claimed',
  progress: 'progress',
  requeued: 'requeued',
  'cancel-requested': 'cancelRequested',
  succeeded: 'succeeded',
  failed: 'failed',
  cancelled: 'cancelled',
  retried: 'retried',
};

const dot: Record<TimelineEvent['type'], string> = {
  created: 'bg-zinc-400',
  claimed: 'bg-sky-500',
  progress: 'bg-sky-300 dark:bg-sky-700',
  requeued: 'bg-violet-500',
  'cancel-requested': 'bg-amber-400',
  succeeded: 'bg-emerald-500',
  failed: 'bg-red-500',
  cancelled: 'bg-amber-500',
  retried: 'bg-zinc-500',
};

/** A JSON value, pretty-printed, as text. */
function Json({ value, testId }: { value: unknown; testId?: string }) {
  return (
    <pre
      data-testid={testId}
      className="max-h-80 overflow-auto rounded-md border border-zinc-200 bg-zinc-50 p-3 font-mono text-xs whitespace-pre-wrap break-words text-zinc-800 dark:border-zinc-800 dark:bg-zinc-950 dark:text-zinc-200"
    >
      {JSON.stringify(value ?? null, null, 2)}
    </pre>
  );
}
