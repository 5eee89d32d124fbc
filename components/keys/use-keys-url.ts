'use client';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import type { KeyRef } from '@/lib/client/kv-api';

export type KeysTab = 'editor' | 'history' | 'subscribers';

export type KeysUrl = {
  prefix: string;
  key: KeyRef | null;
  revision?: number;
  tab: KeysTab;
  diffFrom?: number;
};

/** Everything the Keys page shows is in its URL, so any view can be linked to and reloaded. */
export function useKeysUrl() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const state = useMemo<KeysUrl>(() => {
    const key = params.get('key');
    const rev = Number(params.get('rev'));
    const diff = Number(params.get('diff'));
    const tab = params.get('tab');
    return {
      prefix: params.get('prefix') ?? '/',
      key: key === null ? null : { key, keyEncoding: params.get('enc') === 'base64' ? 'base64' : 'utf8' },
      revision: Number.isInteger(rev) && rev > 0 ? rev : undefined,
      tab: tab === 'history' || tab === 'subscribers' ? tab : 'editor',
      diffFrom: Number.isInteger(diff) && diff > 0 ? diff : undefined,
    };
  }, [params]);

  const update = useCallback(
    (next: Partial<KeysUrl>) => {
      const merged = { ...state, ...next };
      const q = new URLSearchParams();
      q.set('prefix', merged.prefix);
      if (merged.key) {
        q.set('key', merged.key.key);
        if (merged.key.keyEncoding === 'base64') q.set('enc', 'base64');
      }
      if (merged.revision) q.set('rev', String(merged.revision));
      if (merged.tab !== 'editor' && merged.key) q.set('tab', merged.tab);
      if (merged.diffFrom) q.set('diff', String(merged.diffFrom));
      router.push(`${pathname}?${q.toString()}`, { scroll: false });
    },
    [state, router, pathname],
  );

  return { ...state, update };
}

/** The parent prefix of a key ("/a/b/c" → "/a/b/"), for opening the tree where the key lives. */
export function parentPrefix(key: string, delimiter = '/'): string {
  const cut = key.lastIndexOf(delimiter, key.endsWith(delimiter) ? key.length - 2 : key.length - 1);
  return cut < 0 ? '' : key.slice(0, cut + 1);
}
