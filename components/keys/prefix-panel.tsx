'use client';
import { useTranslations } from 'next-intl';
import { useMemo, useRef } from 'react';
import type { Encoding, KeyRef } from '@/lib/client/kv-api';
import { useKeyList } from '@/lib/hooks/use-kv';
import { useLiveEvents } from '@/lib/live/use-live';
import { OpenPrefixInCoordination } from '../coordination/open-in-coordination';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { KeyList } from './key-list';
import { PrefixSearch } from './prefix-search';

/** The keys under a prefix, a page at a time, all pages at one revision; and a search within it. */
export function PrefixPanel({
  prefix,
  prefixEncoding = 'utf8',
  revision,
  onOpen,
}: {
  prefix: string;
  /** base64: a prefix whose bytes are not UTF-8; listed, not searched, not live (live events match text). */
  prefixEncoding?: Encoding;
  revision?: number;
  onOpen: (ref: KeyRef) => void;
}) {
  const t = useTranslations('keys');
  const binary = prefixEncoding === 'base64';
  const { data, error, size, setSize, isValidating, mutate } = useKeyList(prefix, revision, prefixEncoding);
  // A listing is a snapshot at one revision: on a change, read its pages again.
  useLiveRevalidateList(revision || binary ? null : prefix, () => void mutate());
  const items = useMemo(() => data?.flatMap((p) => p.items) ?? [], [data]);
  const more = Boolean(data?.[data.length - 1]?.nextCursor);
  return (
    <div className="flex flex-col gap-4" data-testid="prefix-panel">
      <h2 className="font-mono text-base break-all">
        {t('keysUnder', { prefix: binary ? `base64:${prefix}` : prefix || t('root') })}
      </h2>
      {binary ? null : (
        <>
          <OpenPrefixInCoordination prefix={prefix} />
          <PrefixSearch prefix={prefix} revision={revision} onOpen={onOpen} />
        </>
      )}
      {error ? <Alert tone="error">{error.message}</Alert> : null}
      <Card className="overflow-x-auto">
        {/* A new prefix or revision is a new listing: it mounts its rows afresh, a chunk at a time. */}
        <KeyList key={`${revision ?? ''}@${prefixEncoding}:${prefix}`} items={items} onOpen={onOpen} />
        {data && items.length === 0 ? (
          <div className="px-3 py-4 text-sm text-zinc-500">{t('emptyPrefix')}</div>
        ) : null}
      </Card>
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
