'use client';
import { useTranslations } from 'next-intl';
import type { DeliveryView } from '@/lib/client/webhooks-api';
import { Alert } from '../ui/alert';
import { Badge } from '../ui/badge';
import { useDeliveries } from './use-webhooks';

const tone = { pending: 'amber', delivered: 'green', failed: 'red', dropped: 'gray' } as const;

/** The endpoint's last deliveries, newest first: status, every attempt's answer, when the next retry is due. */
export function DeliveriesTable({ id }: { id: string }) {
  const t = useTranslations('webhooks');
  const { deliveries, error } = useDeliveries(id);
  if (error) return <Alert tone="error">{error.message}</Alert>;
  if (!deliveries) return null;
  if (deliveries.length === 0) return <p className="text-xs text-zinc-500">{t('noDeliveries')}</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-xs" data-testid="webhook-deliveries">
        <thead className="text-zinc-500 uppercase">
          <tr>
            <th className="py-1 pr-3">{t('event')}</th>
            <th className="py-1 pr-3">{t('revision')}</th>
            <th className="py-1 pr-3">{t('status')}</th>
            <th className="py-1 pr-3">{t('attempts')}</th>
            <th className="py-1 pr-3">{t('lastAnswer')}</th>
            <th className="py-1 pr-3">{t('nextRetry')}</th>
          </tr>
        </thead>
        <tbody>
          {deliveries.slice(0, 20).map((d) => (
            <DeliveryRow key={d.id} delivery={d} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DeliveryRow({ delivery: d }: { delivery: DeliveryView }) {
  const t = useTranslations('webhooks');
  const last = d.attempts.at(-1);
  return (
    <tr className="border-t border-zinc-100 dark:border-zinc-800" data-testid="webhook-delivery">
      <td className="py-1 pr-3 font-mono">{d.event}</td>
      <td className="py-1 pr-3 font-mono">{d.revision}</td>
      <td className="py-1 pr-3">
        <Badge tone={tone[d.status]} testId="delivery-status">
          {t(`state.${d.status}`)}
        </Badge>
      </td>
      <td className="py-1 pr-3" data-testid="delivery-attempts">
        {d.attempts.length}
      </td>
      <td
        className="py-1 pr-3 font-mono"
        data-testid="delivery-answer"
        title={d.attempts.map(describe).join('\n')}
      >
        {last ? describe(last) : '—'}
      </td>
      <td className="py-1 pr-3" data-testid="delivery-next">
        {d.nextAttemptAt ? new Date(d.nextAttemptAt).toLocaleTimeString() : '—'}
      </td>
    </tr>
  );
}

function describe(a: DeliveryView['attempts'][number]): string {
  return a.error ?? String(a.code);
}
