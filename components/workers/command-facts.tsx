'use client';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import type { CommandDetail } from '@/lib/client/dispatch-api';
import { formatDuration } from '@/lib/format/duration';
import { Badge } from '../ui/badge';
import { Card } from '../ui/card';
import { commandHref } from './command-href';
import { Elapsed, Timestamp } from './time-text';

/** What a command is: group, type, mode, target, creator, times, deadline, requeues and what it retries. */
export function CommandFacts({ data, now }: { data: CommandDetail; now: number | null }) {
  const t = useTranslations('workers.detail');
  const tc = useTranslations('workers.commands');
  const deadlineLeft = data.deadline && now !== null ? Date.parse(data.deadline) - now : null;
  const active = data.state === 'queued' || data.state === 'running';
  return (
    <Card as="dl" padded className="grid grid-cols-2 gap-x-6 gap-y-3 text-sm sm:grid-cols-3 xl:grid-cols-5">
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
    </Card>
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
