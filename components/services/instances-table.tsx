'use client';
import { CirclePause, CirclePlay, Trash2 } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { hostPort } from '@/lib/format/host-port';
import { leaseHex } from '@/lib/format/lease-id';
import { useMe } from '@/lib/hooks/use-me';
import type { TimedServiceDetail } from '@/lib/hooks/use-services';
import { isExpiring } from '@/lib/registry/lease-time';
import type { InstanceDetail, LayoutSummary } from '@/lib/registry/schemas';
import { Button } from '../ui/button';
import type { InstanceAction } from './instance-action-dialog';
import { ExpiringBadge, InstanceStatusBadge } from './instance-status';
import { RelativeTime } from './relative-time';
import { TtlCountdown } from './ttl-countdown';

const th = 'px-3 py-2 font-medium whitespace-nowrap';
const td = 'px-3 py-2.5 align-top';

export function InstancesTable({
  detail,
  onAction,
}: {
  detail: TimedServiceDetail;
  onAction: (action: InstanceAction, instance: InstanceDetail) => void;
}) {
  const t = useTranslations('services.instances');
  // Viewers (and read-only mode) get the same table without the controls; the API enforces it regardless.
  const { canWrite } = useMe();
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <table className="w-full text-left text-sm" data-testid="instances-table">
        <thead className="border-b border-zinc-200 text-xs text-zinc-500 uppercase dark:border-zinc-800 dark:text-zinc-400">
          <tr>
            <th className={th}>{t('instance')}</th>
            <th className={th}>{t('address')}</th>
            <th className={th}>{t('metadata')}</th>
            <th className={`${th} text-right`}>{t('weight')}</th>
            <th className={th}>{t('status')}</th>
            <th className={th}>{t('lease')}</th>
            <th className={th}>{t('ttl')}</th>
            <th className={th}>{t('registeredAt')}</th>
            <th className={`${th} text-right`}>
              <span className="sr-only">{t('actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {detail.instances.map((instance) => (
            <InstanceRow
              key={instance.id}
              instance={instance}
              receivedAt={detail.receivedAt}
              writes={detail.layout.writes}
              onAction={canWrite(instance.key) ? onAction : undefined}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function InstanceRow({
  instance: i,
  receivedAt,
  writes,
  onAction,
}: {
  instance: InstanceDetail;
  receivedAt: number;
  /** What the layout lets the console write: no drain without a status field, no deregister it does not allow. */
  writes: LayoutSummary['writes'];
  onAction: ((action: InstanceAction, instance: InstanceDetail) => void) | undefined;
}) {
  const t = useTranslations('services.instances');
  const ta = useTranslations('services.actions');
  const expiring = isExpiring(i.lease, i.ttl, i.grantedTtl);
  const metadata = Object.entries(i.metadata);
  return (
    <tr
      data-testid={`instance-row-${i.id}`}
      data-status={i.status}
      data-expiring={expiring}
      className="border-b border-zinc-100 last:border-0 hover:bg-zinc-50/60 dark:border-zinc-800 dark:hover:bg-zinc-800/30"
    >
      <td className={td}>
        <div className="font-mono font-medium break-all">{i.id}</div>
        {i.version ? (
          <div className="mt-0.5 text-xs whitespace-nowrap text-zinc-500 dark:text-zinc-400">
            {t('version', { version: i.version })}
          </div>
        ) : null}
      </td>
      <td className={`${td} font-mono text-xs whitespace-nowrap`} data-testid="instance-address">
        {i.status === 'invalid' ? '—' : hostPort(i.address, i.port)}
      </td>
      <td className={`${td} max-w-72`}>
        {i.status === 'invalid' ? (
          <div className="space-y-1 text-xs">
            <div className="text-red-700 dark:text-red-300">
              {t('invalidValue', { problem: i.problem ?? '' })}
            </div>
            <code className="block rounded bg-zinc-100 px-1.5 py-0.5 break-all dark:bg-zinc-800">
              {i.value}
            </code>
          </div>
        ) : metadata.length > 0 ? (
          <ul className="flex flex-wrap gap-1" aria-label={t('metadata')}>
            {metadata.map(([k, v]) => (
              <li
                key={k}
                className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs break-all text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300"
              >
                <span className="text-zinc-500 dark:text-zinc-400">{k}=</span>
                {v}
              </li>
            ))}
          </ul>
        ) : (
          <span className="text-zinc-400 dark:text-zinc-500">—</span>
        )}
      </td>
      <td className={`${td} text-right tabular-nums`}>{i.status === 'invalid' ? '—' : i.weight}</td>
      <td className={td}>
        <div className="flex flex-col items-start gap-1">
          <InstanceStatusBadge status={i.status} />
          {expiring ? <ExpiringBadge label={t('expiring')} /> : null}
        </div>
      </td>
      <td
        className={`${td} font-mono text-xs`}
        title={i.lease ? t('leaseDecimal', { id: i.lease }) : undefined}
      >
        {i.lease ? (
          leaseHex(i.lease)
        ) : (
          <span className="font-sans text-zinc-400 dark:text-zinc-500">{t('none')}</span>
        )}
      </td>
      <td className={td}>
        <TtlCountdown
          lease={i.lease}
          ttl={i.ttl}
          grantedTtl={i.grantedTtl}
          receivedAt={receivedAt}
          expiring={expiring}
        />
      </td>
      <td className={`${td} text-xs text-zinc-600 dark:text-zinc-400`}>
        <RelativeTime iso={i.registeredAt} />
      </td>
      <td className={`${td} text-right`}>
        {onAction ? (
          <div className="flex justify-end gap-1.5">
            {!writes.drain ? null : i.status === 'up' ? (
              <Button
                size="sm"
                onClick={() => onAction('drain', i)}
                data-testid="drain-button"
                aria-label={ta('drain.label', { id: i.id })}
              >
                <CirclePause className="size-3.5" aria-hidden />
                {ta('drain.button')}
              </Button>
            ) : i.status === 'draining' ? (
              <Button
                size="sm"
                onClick={() => onAction('undrain', i)}
                data-testid="undrain-button"
                aria-label={ta('undrain.label', { id: i.id })}
              >
                <CirclePlay className="size-3.5" aria-hidden />
                {ta('undrain.button')}
              </Button>
            ) : null}
            {writes.deregister ? (
              <button
                type="button"
                onClick={() => onAction('deregister', i)}
                data-testid="deregister-button"
                aria-label={ta('deregister.label', { id: i.id })}
                title={ta('deregister.label', { id: i.id })}
                className="inline-flex h-7 items-center gap-1.5 rounded-md px-2 text-xs font-medium whitespace-nowrap text-red-700 hover:bg-red-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 dark:text-red-400 dark:hover:bg-red-950"
              >
                <Trash2 className="size-3.5" aria-hidden />
                <span className="hidden 2xl:inline">{ta('deregister.button')}</span>
              </button>
            ) : null}
          </div>
        ) : null}
      </td>
    </tr>
  );
}
