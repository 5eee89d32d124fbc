'use client';
import { useEffect, useRef } from 'react';
import useSWR from 'swr';
import useSWRInfinite from 'swr/infinite';
import { swrFetcher } from '../client/fetcher';
import { type KeyRef, keyQuery } from '../client/kv-api';
import type { PrefixDiff } from '../kv/diff-prefix';
import type { KvItem } from '../kv/item';
import type { Children } from '../kv/list-children';
import type { KeyPage } from '../kv/list-keys';
import { useLiveEvents, useLiveRevalidate } from '../live/use-live';

const at = (revision?: number) => (revision ? `&revision=${revision}` : '');

/** A prefix given as base64 (one that is not valid UTF-8) says so in the query. */
const asBase64 = (encoding?: 'utf8' | 'base64') => (encoding === 'base64' ? '&prefixEncoding=base64' : '');

const childrenUrl = (
  prefix: string,
  limit: number,
  revision?: number,
  cursor?: string | null,
  encoding?: 'utf8' | 'base64',
) =>
  `/api/v1/kv/children?prefix=${encodeURIComponent(prefix)}${asBase64(encoding)}&limit=${limit}${at(revision)}${cursor ? `&cursor=${cursor}` : ''}`;

/** One page of up to 1,000 children of a prefix (completions); live unless pinned to a revision. */
export function useChildren(prefix: string | null, revision?: number) {
  const key = prefix === null ? null : childrenUrl(prefix, 1000, revision);
  const result = useSWR<Children>(key, swrFetcher, { keepPreviousData: true });
  useLiveRevalidate(revision || prefix === null ? null : prefix, [key]);
  return result;
}

/**
 * Children of a prefix for the tree, 100 at a time, all pages at one revision; live unless pinned to one (or given
 * as base64: live events are matched by UTF-8 prefix).
 */
export function useChildPages(prefix: string | null, revision?: number, encoding?: 'utf8' | 'base64') {
  const result = useSWRInfinite<Children>(
    (index, previous: Children | null) => {
      if (prefix === null || (index > 0 && !previous?.nextCursor)) return null;
      return childrenUrl(prefix, 100, revision, index > 0 ? previous?.nextCursor : null, encoding);
    },
    swrFetcher,
    { revalidateFirstPage: false },
  );
  // The pages are one snapshot: on a change, read them again (each page's cursor comes from the page before).
  const { mutate } = result;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const refresh = () => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      void mutate();
    }, 150);
  };
  useLiveEvents(revision || prefix === null || encoding === 'base64' ? null : prefix, refresh, refresh);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  return result;
}

/** One key; live unless pinned to a revision. */
export function useItem(ref: KeyRef | null, revision?: number) {
  const key = ref ? `/api/v1/kv/item?${keyQuery(ref)}${at(revision)}` : null;
  const result = useSWR<{ item: KvItem; revision: number }>(key, swrFetcher, { shouldRetryOnError: false });
  useLiveRevalidate(revision || !ref || ref.keyEncoding === 'base64' ? null : ref.key, [key]);
  return result;
}

/** Keys under a prefix, page by page at one revision ("load more"). */
export function useKeyList(prefix: string | null, revision?: number, encoding?: 'utf8' | 'base64') {
  const result = useSWRInfinite<KeyPage>((index, previous: KeyPage | null) => {
    if (prefix === null) return null;
    if (index > 0 && !previous?.nextCursor) return null;
    const cursor = index > 0 && previous?.nextCursor ? `&cursor=${previous.nextCursor}` : '';
    return `/api/v1/kv?prefix=${encodeURIComponent(prefix)}${asBase64(encoding)}&limit=100&keysOnly=true${at(revision)}${cursor}`;
  }, swrFetcher);
  return result;
}

export function useHistory(ref: KeyRef | null) {
  const key = ref ? `/api/v1/kv/history?${keyQuery(ref)}` : null;
  const result = useSWR<import('../kv/history').History>(key, swrFetcher);
  useLiveRevalidate(!ref || ref.keyEncoding === 'base64' ? null : ref.key, [key]);
  return result;
}

export function usePrefixDiff(prefix: string, from: number | null, to?: number) {
  const key = from
    ? `/api/v1/kv/diff?prefix=${encodeURIComponent(prefix)}&from=${from}${to ? `&to=${to}` : ''}`
    : null;
  return useSWR<PrefixDiff>(key, swrFetcher);
}
