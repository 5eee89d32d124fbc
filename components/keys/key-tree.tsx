'use client';
import { ChevronDown, ChevronRight, FileText, Folder } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import type { KeyRef } from '@/lib/client/kv-api';
import { useChildren } from '@/lib/hooks/use-kv';
import type { Child } from '@/lib/kv/list-children';

type Props = {
  prefix: string;
  revision?: number;
  selectedKey: KeyRef | null;
  selectedPrefix: string;
  openPrefixes: Set<string>;
  onSelectKey: (ref: KeyRef) => void;
  onSelectPrefix: (prefix: string) => void;
  depth?: number;
};

/** One level of the keyspace tree, loaded lazily by skip-scan and kept live. */
export function KeyTree(props: Props) {
  const t = useTranslations('keys');
  const { data, error } = useChildren(props.prefix, props.revision);
  if (error) return <div className="px-2 py-1 text-xs text-red-600">{error.message}</div>;
  if (!data) return <div className="px-2 py-1 text-xs text-zinc-400">…</div>;
  if (data.children.length === 0 && (props.depth ?? 0) === 0) {
    return <div className="px-2 py-1 text-xs text-zinc-500">{t('emptyPrefix')}</div>;
  }
  return (
    <ul className="text-sm">
      {data.children.map((child) => (
        <TreeNode key={`${child.encoding ?? ''}${child.key}`} child={child} {...props} />
      ))}
    </ul>
  );
}

function TreeNode({ child, ...props }: Props & { child: Child }) {
  const depth = props.depth ?? 0;
  const childPrefix = child.prefix ?? null;
  const [open, setOpen] = useState(childPrefix !== null && props.openPrefixes.has(childPrefix));
  const binary = child.encoding === 'base64';
  const isSelectedKey = child.isLeaf && props.selectedKey?.key === child.key;
  const isSelectedPrefix = !child.isLeaf && props.selectedPrefix === childPrefix;

  const activate = () => {
    // Binary prefixes are listed but not expanded: the tree speaks UTF-8 prefixes.
    if (child.hasChildren && childPrefix !== null && !binary) {
      setOpen(true);
      props.onSelectPrefix(childPrefix);
    }
    if (child.isLeaf) props.onSelectKey({ key: child.key, keyEncoding: binary ? 'base64' : 'utf8' });
  };

  return (
    <li aria-current={isSelectedKey || isSelectedPrefix ? 'true' : undefined}>
      <div
        className={`group flex items-center gap-1 rounded px-1 py-0.5 ${isSelectedKey || isSelectedPrefix ? 'bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-200' : 'hover:bg-zinc-100 dark:hover:bg-zinc-800'}`}
        style={{ paddingLeft: `${depth * 14 + 4}px` }}
      >
        {child.hasChildren && !binary ? (
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
      {open && childPrefix !== null ? <KeyTree {...props} prefix={childPrefix} depth={depth + 1} /> : null}
    </li>
  );
}
