'use client';
import { useTranslations } from 'next-intl';
import { useRef } from 'react';
import type { KeyRef } from '@/lib/client/kv-api';
import { formatBytes } from '@/lib/format/bytes';
import { useKeyList } from '@/lib/hooks/use-kv';
import { useLiveEvents } from '@/lib/live/use-live';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { PrefixSearch } from './prefix-search';

/** The keys under a prefix, a page at a time, all pages at one revision; and a search within it. */
export function PrefixPanel({
  prefix,
  revision,
  onOpen,
}: {
  prefix: string;
  revision?: number;
  onOpen: (ref: KeyRef) => void;
}) {
  const t = useTranslations('keys');
  const { data, error, size, setSize, isValidating, mutate } = useKeyList(prefix, revision);
  // A listing is a snapshot at one revision: on a change, read its pages again.
  useLiveRevalidateList(revision ? null : prefix, () => void mutate());
  const items = data?.flatMap((p) => p.items) ?? [];
  const more = Boolean(data?.[data.length - 1]?.nextCursor);
  return (
    <div className="flex flex-col gap-4" data-testid="prefix-panel">
      <h2 className="font-mono text-base break-all">{t('keysUnder', { prefix: prefix || t('root') })}</h2>
      <PrefixSearch prefix={prefix} revision={revision} onOpen={onOpen} />
      {error ? <Alert tone="error">{error.message}</Alert> : null}
      <div className="overflow-hidden rounded-lg border border-zinc-200 dark:border-zinc-800">
        <table className="w-full text-left text-sm" data-testid="key-list">
          <thead className="bg-zinc-50 text-xs text-zinc-500 uppercase dark:bg-zinc-900">
            <tr>
              <th className="px-3 py-2">{t('newKeyName')}</th>
              <th className="px-3 py-2 text-right">{t('modRevision')}</th>
              <th className="px-3 py-2 text-right">{t('version')}</th>
              <th className="px-3 py-2 text-right">{t('size')}</th>
              <th className="px-3 py-2 text-right">{t('lease')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr
                key={`${item.keyEncoding ?? ''}${item.key}`}
                className="border-t border-zinc-100 hover:bg-zinc-50 dark:border-zinc-800 dark:hover:bg-zinc-900"
              >
                <td className="max-w-0 truncate px-3 py-1.5">
                  <button
                    type="button"
                    className="max-w-full truncate font-mono text-[13px] text-sky-700 hover:underline dark:text-sky-400"
                    onClick={() => onOpen({ key: item.key, keyEncoding: item.keyEncoding })}
                    data-testid="key-row"
                    title={item.key}
                  >
                    {item.keyEncoding === 'base64' ? `base64:${item.key}` : item.key}
                  </button>
                </td>
                <td className="px-3 py-1.5 text-right tabular-nums">{item.modRevision}</td>
                <td className="px-3 py-1.5 text-right tabular-nums">{item.version}</td>
                <td className="px-3 py-1.5 text-right tabular-nums">{formatBytes(item.size)}</td>
                <td className="px-3 py-1.5 text-right font-mono text-xs">
                  {item.lease === '0' ? '—' : item.lease}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {data && items.length === 0 ? (
          <div className="px-3 py-4 text-sm text-zinc-500">{t('emptyPrefix')}</div>
        ) : null}
      </div>
      {more ? (
        <Button
          onClick={() => void setSize(size + 1)}
          disabled={isValidating}
          className="self-start"
          data-testid="load-more"
        >
          {t('loadMore')}
        </Button>
      ) : null}
    </div>
  );
}

function useLiveRevalidateList(prefix: string | null, refresh: () => void) {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const run = () => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      refresh();
    }, 300);
  };
  useLiveEvents(prefix, run, run);
}
