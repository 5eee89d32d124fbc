'use client';
import { ArrowLeft } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { ApiError } from '@/lib/api/errors';
import type { CommandDetail as CommandDetailData } from '@/lib/client/dispatch-api';
import { useClock } from '@/lib/hooks/use-clock';
import { useCommand } from '@/lib/hooks/use-dispatch';
import { Alert } from '../ui/alert';
import { CommandActions } from './command-actions';
import { CommandFacts } from './command-facts';
import { commandHref } from './command-href';
import { CommandTimeline } from './command-timeline';
import { JsonBlock } from './json-block';
import { RunCard } from './run-card';
import { StateBadge } from './state-badge';

/** One command: what it is, each worker's run with progress and outcome, and its timeline; cancel or retry. */
export function CommandDetail({ id, initial }: { id: string; initial?: CommandDetailData }) {
  const t = useTranslations('workers.detail');
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

      <CommandFacts data={data} now={now} />

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
          <CommandTimeline events={data.timeline} />
        </section>
        <section aria-labelledby="payload-heading" className="flex min-w-0 flex-col gap-2">
          <h2 id="payload-heading" className="text-sm font-semibold text-zinc-700 dark:text-zinc-300">
            {t('payload')}
          </h2>
          <JsonBlock value={data.payload} testId="command-payload" />
        </section>
      </div>
    </div>
  );
}
