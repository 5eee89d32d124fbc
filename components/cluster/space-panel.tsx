'use client';
import { RefreshCw } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { formatBytes } from '@/lib/format/bytes';
import { useSpace } from '@/lib/hooks/use-cluster';
import { Alert } from '../ui/alert';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { UsageBar } from './usage-bar';

/** Keys and bytes per top-level prefix, as bars, against the database file and its quota. */
export function SpacePanel() {
  const t = useTranslations('cluster.space');
  const { data, error, isValidating, mutate } = useSpace();
  const dbLabel =
    data?.dbSize != null
      ? t('db', {
          size: formatBytes(data.dbSize),
          inUse: formatBytes(data.dbSizeInUse ?? data.dbSize),
          quota: data.quotaBytes ? formatBytes(data.quotaBytes) : t('quotaUnknown'),
        })
      : t('dbUnknown');
  return (
    <Card padded className="flex flex-col gap-3" data-testid="space-panel">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        {data ? (
          <span className="tabular-nums" data-testid="space-totals">
            {t('totals', { keys: data.totalKeys.toLocaleString(), bytes: formatBytes(data.scannedBytes) })}
          </span>
        ) : null}
        <Button
          size="sm"
          variant="ghost"
          className="ml-auto"
          onClick={() => void mutate()}
          disabled={isValidating}
          data-testid="space-refresh"
        >
          <RefreshCw className={`size-3.5 ${isValidating ? 'animate-spin' : ''}`} aria-hidden />
          {t('refresh')}
        </Button>
      </div>
      {error ? <Alert tone="error">{error.message}</Alert> : null}
      {data ? (
        <>
          <div className="flex flex-col gap-1.5">
            <span className="text-xs text-zinc-500 tabular-nums dark:text-zinc-400">{dbLabel}</span>
            {data.dbSize != null ? (
              <UsageBar
                inUse={data.dbSizeInUse ?? data.dbSize}
                size={data.dbSize}
                quota={data.quotaBytes}
                label={dbLabel}
              />
            ) : null}
            <span className="text-xs text-zinc-500 dark:text-zinc-400">{t('dbHint')}</span>
          </div>
          {data.sampled ? (
            <Alert tone="info">{t('sampled', { scanned: data.scannedKeys.toLocaleString() })}</Alert>
          ) : null}
          {data.prefixes.length === 0 ? (
            <p className="text-sm text-zinc-500">{t('empty')}</p>
          ) : (
            <ul className="flex flex-col gap-1.5" data-testid="space-list">
              <li className="grid grid-cols-[minmax(8rem,16rem)_5rem_5.5rem_minmax(0,1fr)_3.5rem] gap-3 text-xs text-zinc-500 uppercase dark:text-zinc-400">
                <span>{t('prefix')}</span>
                <span className="text-right">{t('keys')}</span>
                <span className="text-right">{t('bytes')}</span>
                <span>{t('share')}</span>
                <span />
              </li>
              {data.prefixes.map((p) => {
                const share = data.scannedBytes > 0 ? p.bytes / data.scannedBytes : 0;
                return (
                  <li
                    key={`${p.encoding}:${p.prefix}`}
                    data-testid="space-row"
                    data-prefix={p.prefix}
                    className="grid grid-cols-[minmax(8rem,16rem)_5rem_5.5rem_minmax(0,1fr)_3.5rem] items-center gap-3 text-sm"
                  >
                    <span className="flex min-w-0 items-center gap-1.5">
                      <span className="truncate font-mono text-xs" title={p.prefix}>
                        {p.prefix === '(other)' ? t('other') : p.prefix}
                      </span>
                      {p.encoding === 'base64' ? <Badge>base64</Badge> : null}
                    </span>
                    <span className="text-right tabular-nums">{p.keys.toLocaleString()}</span>
                    <span className="text-right tabular-nums">{formatBytes(p.bytes)}</span>
                    <span
                      className="h-2 overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800"
                      aria-hidden
                    >
                      <span
                        className="block h-full rounded-full bg-emerald-500"
                        style={{ width: `${Math.max(share * 100, 0.5)}%` }}
                      />
                    </span>
                    <span className="text-right text-xs tabular-nums text-zinc-500 dark:text-zinc-400">
                      {(share * 100).toFixed(share < 0.1 ? 1 : 0)}%
                    </span>
                  </li>
                );
              })}
            </ul>
          )}
          <p className="text-xs text-zinc-500 dark:text-zinc-400">
            {t('generated', {
              time: new Date(data.generatedAt).toLocaleTimeString(),
              revision: data.revision,
            })}
          </p>
        </>
      ) : null}
    </Card>
  );
}
