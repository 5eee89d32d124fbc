'use client';
// The canary's instances: did each apply the overlay (every key, at the overlay's revision), what errors it
// reports, and its health when it is also a registered service.
import { useTranslations } from 'next-intl';
import type { CanaryAnswer } from '@/lib/client/changesets-api';
import { Badge } from '../ui/badge';

type Instance = CanaryAnswer['instances'][number];

function AckBadge({ instance }: { instance: Instance }) {
  const t = useTranslations('changesets.canary');
  if (!instance.live) return <Badge tone="red">{t('gone')}</Badge>;
  if (instance.acknowledged) return <Badge tone="green">{t('acknowledged')}</Badge>;
  if (instance.overlayRevision === null) return <Badge tone="gray">{t('removed')}</Badge>;
  return <Badge tone="amber">{t('pending')}</Badge>;
}

export function CanaryInstances({ instances }: { instances: Instance[] }) {
  const t = useTranslations('changesets.canary');
  return (
    <table className="w-full text-left text-sm" data-testid="canary-instances">
      <thead className="text-xs text-zinc-500">
        <tr>
          <th className="py-1 pr-2 font-medium">{t('instance')}</th>
          <th className="py-1 pr-2 font-medium">{t('ack')}</th>
          <th className="py-1 pr-2 font-medium">{t('health')}</th>
          <th className="py-1 font-medium">{t('errors')}</th>
        </tr>
      </thead>
      <tbody>
        {instances.map((i) => (
          <tr
            key={`${i.app}/${i.instance}`}
            className="border-t border-zinc-100 dark:border-zinc-800"
            data-testid="canary-instance"
            data-instance={`${i.app}/${i.instance}`}
            data-acknowledged={i.acknowledged ? 'yes' : 'no'}
          >
            <td className="py-1 pr-2">
              <code className="font-mono">
                {i.app}/{i.instance}
              </code>
              <div className="text-xs text-zinc-500">{t('keys', { count: i.keys.length })}</div>
            </td>
            <td className="py-1 pr-2">
              <AckBadge instance={i} />
              {i.ack ? (
                <div className="text-xs text-zinc-500">{t('ackRevision', { revision: i.ack.revision })}</div>
              ) : null}
            </td>
            <td className="py-1 pr-2">
              <Badge tone={i.health === 'up' ? 'green' : i.health === 'draining' ? 'amber' : 'gray'}>
                {t(`healthState.${i.health}`)}
              </Badge>
            </td>
            <td className="py-1 text-xs text-red-700 dark:text-red-300">
              {i.lastError ? <div>{i.lastError.message}</div> : null}
              {i.failedKeys.length > 0 ? (
                <div>{t('failedKeys', { keys: i.failedKeys.join(', ') })}</div>
              ) : null}
              {!i.lastError && i.failedKeys.length === 0 ? <span className="text-zinc-400">—</span> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
