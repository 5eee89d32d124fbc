'use client';
import { ChevronDown, ChevronRight, FileText, Folder } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Encoding, KeyRef } from '@/lib/client/kv-api';
import { useChildPages } from '@/lib/hooks/use-kv';
import type { Child } from '@/lib/kv/list-children';
import { prefixId } from './use-keys-url';

type Props = {
  prefix: string;
  /** base64 for a prefix whose bytes are not valid UTF-8: its children are listed all the same. */
  prefixEncoding?: Encoding;
  revision?: number;
  selectedKey: KeyRef | null;
  /** prefixId of the selected prefix. */
  selectedPrefix: string;
  /** prefixIds of the prefixes open when the tree loads. */
  openPrefixes: Set<string>;
  onSelectKey: (ref: KeyRef) => void;
  onSelectPrefix: (prefix: string, encoding: Encoding) => void;
  depth?: number;
};

/** One level of the keyspace tree, loaded lazily 100 children at a time and kept live. */
export function KeyTree(props: Props) {
  const t = useTranslations('keys');
  const { data, error, setSize, isValidating } = useChildPages(
    props.prefix,
    props.revision,
    props.prefixEncoding,
  );
  const children = useMemo(() => data?.flatMap((page) => page.children) ?? [], [data]);
  if (error && !data) return <div className="px-2 py-1 text-xs text-red-600">{error.message}</div>;
  if (!data) return <div className="px-2 py-1 text-xs text-zinc-400">…</div>;
  if (children.length === 0 && (props.depth ?? 0) === 0) {
    return <div className="px-2 py-1 text-xs text-zinc-500">{t('emptyPrefix')}</div>;
  }
  const loaded = data.length;
  const more = Boolean(data[loaded - 1]?.nextCursor);
  return (
    <ul className="text-sm">
      {children.map((child) => (
        <TreeNode key={`${child.encoding ?? ''}${child.key}`} child={child} {...props} />
      ))}
      {more ? (
        <li>
          <ShowMore
            depth={props.depth ?? 0}
            busy={isValidating}
            // Asking for one page past those loaded: a click and a scroll at once still load one page.
            onMore={() => void setSize(loaded + 1)}
            label={t('loadMore')}
          />
        </li>
      ) : null}
    </ul>
  );
}

/** Loads the next page of a level when clicked, or by itself when scrolled into view. */
function ShowMore({
  depth,
  busy,
  onMore,
  label,
}: {
  depth: number;
  busy: boolean;
  onMore: () => void;
  label: string;
}) {
  const ref = useRef<HTMLButtonElement>(null);
  const onMoreRef = useRef(onMore);
  onMoreRef.current = onMore;
  useEffect(() => {
    const button = ref.current;
    if (!button || busy || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) onMoreRef.current();
    });
    observer.observe(button);
    return () => observer.disconnect();
  }, [busy]);
  return (
    <button
      ref={ref}
      type="button"
      onClick={onMore}
      disabled={busy}
      data-testid="tree-more"
      className="rounded px-1 py-0.5 text-xs text-sky-700 hover:underline disabled:text-zinc-400 dark:text-sky-400"
      style={{ paddingLeft: `${depth * 14 + 22}px` }}
    >
      {busy ? '…' : label}
    </button>
  );
}

function TreeNode({ child, ...props }: Props & { child: Child }) {
  const depth = props.depth ?? 0;
  const childPrefix = child.prefix ?? null;
  const binary = child.encoding === 'base64';
  const encoding: Encoding = binary ? 'base64' : 'utf8';
  const id = childPrefix === null ? null : prefixId(childPrefix, encoding);
  const [open, setOpen] = useState(id !== null && props.openPrefixes.has(id));
  const isSelectedKey =
    child.isLeaf &&
    props.selectedKey?.key === child.key &&
    (props.selectedKey.keyEncoding ?? 'utf8') === encoding;
  const isSelectedPrefix = !child.isLeaf && props.selectedPrefix === id;

  const activate = () => {
    // A prefix of any bytes opens: a binary one is listed by its base64 spelling.
    if (child.hasChildren && childPrefix !== null) {
      setOpen(true);
      props.onSelectPrefix(childPrefix, encoding);
    }
    if (child.isLeaf) props.onSelectKey({ key: child.key, keyEncoding: binary ? 'base64' : 'utf8' });
  };

  return (
    <li aria-current={isSelectedKey || isSelectedPrefix ? 'true' : undefined}>
      <div
        className={`group flex items-center gap-1 rounded px-1 py-0.5 ${isSelectedKey || isSelectedPrefix ? 'bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-200' : 'hover:bg-zinc-100 dark:hover:bg-zinc-800'}`}
        style={{ paddingLeft: `${depth * 14 + 4}px` }}
      >
        {child.hasChildren ? (
          <button
            type="button"
            aria-label={open ? 'Collapse' : 'Expand'}
            onClick={() => setOpen(!open)}
            className="rounded p-0.5 text-zinc-500 hover:text-zinc-900 dark:hover:text-zinc-100"
          >
            {open ? <ChevronDown className="size-3.5" /> : <ChevronRight className="size-3.5" />}
          </button>
        ) : (
          <span className="w-[18px]" />
        )}
        <button
          type="button"
          onClick={activate}
          data-testid="tree-node"
          data-key={child.key}
          data-encoding={encoding}
          className="flex min-w-0 flex-1 items-center gap-1.5 text-left"
        >
          {child.hasChildren ? (
            <Folder className="size-3.5 shrink-0 text-amber-500" aria-hidden />
          ) : (
            <FileText className="size-3.5 shrink-0 text-zinc-400" aria-hidden />
          )}
          <span
            className={`truncate font-mono text-[13px] ${binary ? 'italic text-violet-700 dark:text-violet-300' : ''}`}
            title={child.key}
          >
            {binary ? `0x${child.name}` : child.name || '/'}
          </span>
          {child.isLeaf && child.hasChildren ? (
            <FileText className="size-3 shrink-0 text-zinc-400" aria-hidden />
          ) : null}
        </button>
      </div>
      {open && childPrefix !== null ? (
        <KeyTree {...props} prefix={childPrefix} prefixEncoding={encoding} depth={depth + 1} />
      ) : null}
    </li>
  );
}
