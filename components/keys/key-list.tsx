'use client';
// The listing of keys under a prefix: a table whose rows are laid out as grids, since content-visibility (which
// skips the rows out of view) has no effect on table-row boxes.
import { useTranslations } from 'next-intl';
import { memo, useCallback, useEffect, useRef, useState } from 'react';
import type { KeyRef } from '@/lib/client/kv-api';
import { formatBytes } from '@/lib/format/bytes';
import type { KvItem } from '@/lib/kv/item';

/** Rows mounted first: more than a screenful. */
const FIRST_ROWS = 50;
/** Rows mounted per task after that; the listing's page size (lib/hooks/use-kv.ts), so a new page mounts at once. */
const KEY_LIST_CHUNK = 100;

// The key takes what the numbers leave, and never less than 16rem: below that the listing scrolls sideways.
const COLUMNS = 'grid grid-cols-[minmax(16rem,1fr)_6rem_4.5rem_5.5rem_9rem]';
// Rows out of view skip style, layout and paint; 2rem is their fixed height.
const ROW = `${COLUMNS} h-8 items-center border-t border-zinc-100 [contain-intrinsic-size:auto_2rem] [content-visibility:auto] hover:bg-zinc-50 dark:border-zinc-800 dark:hover:bg-zinc-900`;

/**
 * Every listed key stays in the document (find-in-page, tests and the "load more" count see them all), but a
 * long listing mounts a chunk per task, and a new page adds its rows without rendering the others again.
 */
export function KeyList({ items, onOpen }: { items: KvItem[]; onOpen: (ref: KeyRef) => void }) {
  const t = useTranslations('keys');
  const [limit, setLimit] = useState(FIRST_ROWS);
  const [listed, setListed] = useState(items.length);
  if (items.length !== listed) {
    // When every row was mounted, the next page (or a live refresh) mounts at once, up to a chunk.
    const next = listed === 0 ? FIRST_ROWS : listed + KEY_LIST_CHUNK;
    if (limit >= listed) setLimit(Math.max(limit, Math.min(items.length, next)));
    setListed(items.length);
  }
  const shown = Math.min(items.length, limit);

  // Mount the rest of a long listing (a revisited prefix with many pages cached) a chunk per task.
  useEffect(() => {
    if (shown >= items.length) return;
    const timer = setTimeout(() => setLimit((l) => l + KEY_LIST_CHUNK), 0);
    return () => clearTimeout(timer);
  }, [shown, items.length]);

  // Rows take a stable callback, so a new `onOpen` from the parent does not render them again.
  const latest = useRef(onOpen);
  latest.current = onOpen;
  const open = useCallback((ref: KeyRef) => latest.current(ref), []);

  const sizeNotRead = t('sizeNotRead');
  const rows = [];
  for (let i = 0; i < shown; i++) {
    const item = items[i] as KvItem;
    rows.push(
      <KeyListRow
        key={`${item.keyEncoding ?? ''}${item.key}`}
        item={item}
        onOpen={open}
        sizeNotRead={sizeNotRead}
      />,
    );
  }
  return (
    <table className="block w-full min-w-[41rem] text-left text-sm" data-testid="key-list">
      <thead className="block bg-zinc-50 text-xs text-zinc-500 uppercase dark:bg-zinc-900">
        <tr className={COLUMNS}>
          <th className="px-3 py-2">{t('newKeyName')}</th>
          <th className="px-3 py-2 text-right">{t('modRevision')}</th>
          <th className="px-3 py-2 text-right">{t('version')}</th>
          <th className="px-3 py-2 text-right">{t('size')}</th>
          <th className="px-3 py-2 text-right">{t('lease')}</th>
        </tr>
      </thead>
      <tbody className="block">{rows}</tbody>
    </table>
  );
}

/** One key; a page read again (live refresh) gives new objects with the same fields, which render nothing. */
const KeyListRow = memo(
  function KeyListRow({
    item,
    onOpen,
    sizeNotRead,
  }: {
    item: KvItem;
    onOpen: (ref: KeyRef) => void;
    sizeNotRead: string;
  }) {
    const name = item.keyEncoding === 'base64' ? `base64:${item.key}` : item.key;
    return (
      <tr className={ROW}>
        <td className="min-w-0 px-3">
          <button
            type="button"
            className="flex max-w-full min-w-0 text-left font-mono text-[13px] text-sky-700 hover:underline dark:text-sky-400"
            onClick={() => onOpen({ key: item.key, keyEncoding: item.keyEncoding })}
            data-testid="key-row"
            title={name}
          >
            <KeyName name={name} split={item.keyEncoding !== 'base64'} />
          </button>
        </td>
        <td className="px-3 text-right tabular-nums">{item.modRevision}</td>
        <td className="px-3 text-right tabular-nums">{item.version}</td>
        {/* A keys-only listing reads no values, so it knows no sizes (etcd reports 0). */}
        {item.value === undefined ? (
          <td className="px-3 text-right text-zinc-400" title={sizeNotRead}>
            —
          </td>
        ) : (
          <td className="px-3 text-right tabular-nums">{formatBytes(item.size)}</td>
        )}
        <td
          className="truncate px-3 text-right font-mono text-xs"
          title={item.lease === '0' ? undefined : item.lease}
        >
          {item.lease === '0' ? '—' : item.lease}
        </td>
      </tr>
    );
  },
  (a, b) =>
    a.onOpen === b.onOpen &&
    a.item.key === b.item.key &&
    a.item.keyEncoding === b.item.keyEncoding &&
    a.item.modRevision === b.item.modRevision &&
    a.item.version === b.item.version &&
    a.item.size === b.item.size &&
    a.item.lease === b.item.lease &&
    (a.item.value === undefined) === (b.item.value === undefined) &&
    a.sizeNotRead === b.sizeNotRead,
);

/**
 * A key cut in the middle when it does not fit: the start of its path and its last segment stay readable
 * (`/commands/pu…/cmd-0193`), the full key is in the row's title. Base64 keys have no path to split.
 */
function KeyName({ name, split }: { name: string; split: boolean }) {
  const cut = split ? name.lastIndexOf('/', name.length - 2) : -1;
  if (cut <= 0) return <span className="truncate">{name}</span>;
  return (
    <>
      <span className="min-w-0 truncate">{name.slice(0, cut + 1)}</span>
      <span className="max-w-[80%] shrink-0 truncate">{name.slice(cut + 1)}</span>
    </>
  );
}
