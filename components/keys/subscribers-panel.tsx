'use client';
import { useTranslations } from 'next-intl';
import type { KeyRef } from '@/lib/client/kv-api';
import { useSubscribers } from '@/lib/hooks/use-subscribers';
import { Alert } from '../ui/alert';
import { Badge } from '../ui/badge';
import { PropagationStrip } from './propagation-strip';

/** Who has this key's configuration, and which revision each has applied. */
export function SubscribersPanel({ refKey, modRevision }: { refKey: KeyRef; modRevision?: number }) {
  const t = useTranslations('subscribers');
  const { data, error } = useSubscribers(refKey);
  return (
    <div className="flex flex-col gap-3" data-testid="subscribers-panel">
      {modRevision ? <PropagationStrip refKey={refKey} revision={modRevision} /> : null}
      {error ? <Alert tone="error">{error.message}</Alert> : null}
      {data && data.subscribers.length === 0 ? <p className="text-sm text-zinc-500">{t('none')}</p> : null}
      {data && data.subscribers.length > 0 ? (
        <table className="w-full text-left text-sm">
          <thead className="text-xs text-zinc-500 uppercase">
            <tr>
              <th className="py-1.5 pr-3">{t('app')}</th>
              <th className="py-1.5 pr-3">{t('instance')}</th>
              <th className="py-1.5 pr-3">{t('prefix')}</th>
              <th className="py-1.5 pr-3">{t('applied')}</th>
              <th className="py-1.5">{t('state')}</th>
            </tr>
          </thead>
          <tbody>
            {data.subscribers.map((s) => (
              <tr
                key={s.key}
                className="border-t border-zinc-100 dark:border-zinc-800"
                data-testid="subscriber-row"
                data-instance={s.instance}
              >
                <td className="py-1.5 pr-3 font-medium">{s.app}</td>
                <td className="py-1.5 pr-3 font-mono text-xs">
                  {s.instance} <span className="text-zinc-400">@{s.host}</span>
                </td>
                <td className="py-1.5 pr-3 font-mono text-xs">{s.prefix}</td>
                <td className="py-1.5 pr-3 tabular-nums">{s.appliedRevision}</td>
                <td className="py-1.5">
                  <Badge
                    tone={s.lag.state === 'applied' ? 'green' : s.lag.state === 'error' ? 'red' : 'amber'}
                  >
                    {s.lag.summary}
                  </Badge>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
