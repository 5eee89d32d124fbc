'use client';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import type { Encoding, KeyRef } from '@/lib/client/kv-api';
import { base64ToBytes, bytesToBase64 } from '@/lib/kv/byte-views';
import { utf8Text } from '@/lib/values/text-bytes';

export type KeysTab = 'editor' | 'history' | 'subscribers';

export type KeysUrl = {
  prefix: string;
  /** base64 when the prefix's bytes are not valid UTF-8 (`penc=base64` in the URL, like `enc` for keys). */
  prefixEncoding: Encoding;
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
      prefixEncoding: params.get('penc') === 'base64' ? 'base64' : 'utf8',
      key: key === null ? null : { key, keyEncoding: params.get('enc') === 'base64' ? 'base64' : 'utf8' },
      revision: Number.isInteger(rev) && rev > 0 ? rev : undefined,
      tab: tab === 'history' || tab === 'subscribers' ? tab : 'editor',
      diffFrom: Number.isInteger(diff) && diff > 0 ? diff : undefined,
    };
  }, [params]);

  const update = useCallback(
    (next: Partial<KeysUrl>) => {
      const merged = { ...state, ...next };
      // A new prefix given without an encoding is UTF-8 text.
      if (next.prefix !== undefined && next.prefixEncoding === undefined) merged.prefixEncoding = 'utf8';
      const q = new URLSearchParams();
      q.set('prefix', merged.prefix);
      if (merged.prefixEncoding === 'base64') q.set('penc', 'base64');
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

/** How the tree names a prefix in its sets of open and selected prefixes: text and base64 never collide. */
export function prefixId(prefix: string, encoding: Encoding = 'utf8'): string {
  return `${encoding}:${prefix}`;
}

const asBytes = (text: string, encoding: Encoding) =>
  encoding === 'base64' ? base64ToBytes(text) : new TextEncoder().encode(text);

/** Bytes as the API spells them: UTF-8 text when valid, else base64 (as lib/etcd/encoding.ts does). */
function spell(bytes: Uint8Array): { text: string; encoding: Encoding } {
  const text = utf8Text(bytes);
  return text === null ? { text: bytesToBase64(bytes), encoding: 'base64' } : { text, encoding: 'utf8' };
}

/** The parent prefix of a key of any bytes, spelled as the tree spells it. */
export function parentPrefixOf(ref: KeyRef, delimiter = 0x2f): { text: string; encoding: Encoding } {
  const bytes = asBytes(ref.key, ref.keyEncoding ?? 'utf8');
  const cut = bytes.lastIndexOf(
    delimiter,
    bytes[bytes.length - 1] === delimiter ? bytes.length - 2 : bytes.length - 1,
  );
  return spell(bytes.subarray(0, cut + 1));
}

/** The ids (prefixId) of every ancestor prefix of a prefix of any bytes, itself included when it ends with "/". */
export function ancestorIds(prefix: string, encoding: Encoding, delimiter = 0x2f): Set<string> {
  const bytes = asBytes(prefix, encoding);
  const out = new Set<string>();
  for (let i = bytes.indexOf(delimiter); i >= 0; i = bytes.indexOf(delimiter, i + 1)) {
    const part = spell(bytes.subarray(0, i + 1));
    out.add(prefixId(part.text, part.encoding));
  }
  return out;
}
