'use client';
import { type Strategy, strategies } from '@etcd-console/core/registry';
import { Dices } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { ApiError } from '@/lib/api/errors';
import { type PickAnswer, servicesApi } from '@/lib/client/services-api';
import { hostPort } from '@/lib/format/host-port';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Select } from '../ui/input';

type Outcome =
  | { kind: 'picked'; answer: PickAnswer }
  | { kind: 'none'; registered: number | null; draining: number | null }
  | { kind: 'error'; message: string };

const HISTORY = 20;

/** Asks the console's balancer for an instance, the way a caller of GET /pick would, and tallies the answers. */
export function PickTester({ service, layout }: { service: string; layout: string }) {
  const t = useTranslations('services.pick');
  const [strategy, setStrategy] = useState<Strategy>('round-robin');
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [history, setHistory] = useState<string[]>([]);

  async function pickOnce(): Promise<boolean> {
    try {
      const answer = await servicesApi.pick(service, strategy, layout);
      setOutcome({ kind: 'picked', answer });
      setHistory((h) => [answer.instance.id, ...h].slice(0, HISTORY));
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 503 && error.code === 'unavailable') {
        const d = (error.details ?? {}) as { registered?: number; draining?: number };
        setOutcome({ kind: 'none', registered: d.registered ?? null, draining: d.draining ?? null });
      } else {
        setOutcome({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
      }
      return false;
    }
  }

  async function pick(times: number) {
    setPending(true);
    for (let n = 0; n < times; n++) if (!(await pickOnce())) break;
    setPending(false);
  }

  const tally = new Map<string, number>();
  for (const id of history) tally.set(id, (tally.get(id) ?? 0) + 1);

  return (
    <section
      aria-labelledby="pick-title"
      className="rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <h2 id="pick-title" className="text-sm font-semibold">
        {t('title')}
      </h2>
      <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">{t('hint')}</p>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <label className="sr-only" htmlFor="pick-strategy">
          {t('strategy')}
        </label>
        <Select
          id="pick-strategy"
          value={strategy}
          onChange={(e) => setStrategy(e.target.value as Strategy)}
          data-testid="pick-strategy"
          className="min-w-0 flex-1"
        >
          {strategies.map((s) => (
            <option key={s} value={s}>
              {t(`strategies.${s}`)}
            </option>
          ))}
        </Select>
        <Button variant="primary" onClick={() => pick(1)} disabled={pending} data-testid="pick-button">
          <Dices className="size-4" aria-hidden />
          {t('button')}
        </Button>
        <Button onClick={() => pick(10)} disabled={pending} data-testid="pick-ten-button">
          {t('tenTimes')}
        </Button>
      </div>
      <div className="mt-3" aria-live="polite">
        {outcome?.kind === 'picked' ? (
          <div
            data-testid="pick-result"
            data-instance={outcome.answer.instance.id}
            className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm dark:border-emerald-900 dark:bg-emerald-950/50"
          >
            <div>
              {t.rich('picked', {
                id: outcome.answer.instance.id,
                strong: (chunks) => <strong className="font-mono">{chunks}</strong>,
              })}
            </div>
            <div className="mt-0.5 font-mono text-xs text-zinc-600 dark:text-zinc-400">
              {hostPort(outcome.answer.instance.address, outcome.answer.instance.port)} ·{' '}
              {t(`strategies.${outcome.answer.strategy}`)} ·{' '}
              {t('atRevision', { revision: outcome.answer.revision })}
            </div>
          </div>
        ) : null}
        {outcome?.kind === 'none' ? (
          <Alert tone="warning" title={t('noneTitle')} testId="pick-unavailable">
            {outcome.registered === 0 || outcome.registered === null
              ? t('noneRegistered')
              : t('noneUp', { registered: outcome.registered, draining: outcome.draining ?? 0 })}
          </Alert>
        ) : null}
        {outcome?.kind === 'error' ? (
          <Alert tone="error" title={t('failed')} testId="pick-error">
            {outcome.message}
          </Alert>
        ) : null}
      </div>
      {tally.size > 0 ? (
        <div className="mt-3">
          <div className="text-xs text-zinc-500 dark:text-zinc-400">
            {t('lastPicks', { count: history.length })}
          </div>
          <ul className="mt-1 flex flex-wrap gap-1.5" data-testid="pick-tally">
            {[...tally.entries()]
              .sort(([a], [b]) => (a < b ? -1 : 1))
              .map(([id, n]) => (
                <li key={id} className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs dark:bg-zinc-800">
                  {id} <span className="text-zinc-500 dark:text-zinc-400">×{n}</span>
                </li>
              ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
