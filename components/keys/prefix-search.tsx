'use client';
import { Search } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useRef, useState } from 'react';
import { fetchJson } from '@/lib/client/fetcher';
import type { KeyRef } from '@/lib/client/kv-api';
import type { KvItem } from '@/lib/kv/item';
import type { SearchPage } from '@/lib/kv/search-keys';
import { Button } from '../ui/button';
import { Input } from '../ui/input';

/** Substring search within a prefix: bounded pages, progress shown, stoppable. */
export function PrefixSearch({
  prefix,
  revision,
  onOpen,
}: {
  prefix: string;
  revision?: number;
  onOpen: (ref: KeyRef) => void;
}) {
  const t = useTranslations('keys');
  const [text, setText] = useState('');
  const [matches, setMatches] = useState<KvItem[]>([]);
  const [scanned, setScanned] = useState(0);
  const [state, setState] = useState<'idle' | 'running' | 'done'>('idle');
  const [error, setError] = useState<string | null>(null);
  const stop = useRef(false);

  async function run() {
    if (!text) return;
    stop.current = false;
    setMatches([]);
    setScanned(0);
    setState('running');
    setError(null);
    let cursor: string | null = null;
    let total = 0;
    try {
      do {
        const q = new URLSearchParams({ prefix, contains: text });
        if (revision) q.set('revision', String(revision));
        if (cursor) q.set('cursor', cursor);
        const page: SearchPage = await fetchJson<SearchPage>(`/api/v1/kv/search?${q.toString()}`);
        total += page.scanned;
        setScanned(total);
        setMatches((m) => [...m, ...page.matches].slice(0, 500));
        cursor = page.nextCursor;
      } while (cursor && !stop.current);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
    setState('done');
  }

  return (
    <div className="flex flex-col gap-2">
      <form
        className="flex gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <Input
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={t('searchPlaceholder')}
          className="flex-1"
          data-testid="search-input"
        />
        {state === 'running' ? (
          <Button onClick={() => (stop.current = true)}>{t('stop')}</Button>
        ) : (
          <Button type="submit">
            <Search className="size-4" aria-hidden /> {t('search')}
          </Button>
        )}
      </form>
      {state !== 'idle' ? (
        <div className="text-xs text-zinc-500" data-testid="search-progress" data-state={state}>
          {state === 'running'
            ? t('searchScanned', { count: scanned })
            : t('searchDone', { matches: matches.length, count: scanned })}
          {error ? (
            <span className="ml-2 text-red-600 dark:text-red-400" role="alert" data-testid="search-error">
              {error}
            </span>
          ) : null}
        </div>
      ) : null}
      {matches.length > 0 ? (
        <ul className="max-h-48 overflow-auto rounded-md border border-zinc-200 text-sm dark:border-zinc-800">
          {matches.map((m) => (
            <li key={`${m.keyEncoding ?? ''}${m.key}`}>
              <button
                type="button"
                onClick={() => onOpen({ key: m.key, keyEncoding: m.keyEncoding })}
                className="w-full truncate px-3 py-1 text-left font-mono text-[13px] hover:bg-zinc-100 dark:hover:bg-zinc-800"
              >
                {m.key}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
