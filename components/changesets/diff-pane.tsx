'use client';
// Two read-only values side by side with their differences marked (CodeMirror's merge view).
import { MergeView } from '@codemirror/merge';
import { EditorState } from '@codemirror/state';
import { oneDark } from '@codemirror/theme-one-dark';
import { EditorView } from '@codemirror/view';
import { useTheme } from 'next-themes';
import { useEffect, useRef } from 'react';
import { languageFor } from '../editor/language';

type Format = 'json' | 'yaml' | 'toml' | 'text';

export function DiffPane({
  left,
  right,
  format,
  testId,
}: {
  left: string;
  right: string;
  format: Format;
  testId?: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const { resolvedTheme } = useTheme();
  useEffect(() => {
    if (!host.current) return;
    const common = [
      languageFor(format),
      EditorView.lineWrapping,
      EditorState.readOnly.of(true),
      EditorView.editable.of(false),
      resolvedTheme === 'dark' ? oneDark : [],
    ];
    const view = new MergeView({
      parent: host.current,
      a: { doc: left, extensions: common },
      b: { doc: right, extensions: common },
      highlightChanges: true,
      gutter: true,
    });
    return () => view.destroy();
  }, [left, right, format, resolvedTheme]);
  return (
    <div
      ref={host}
      data-testid={testId}
      className="max-h-[40vh] overflow-auto rounded-md border border-zinc-300 text-[13px] dark:border-zinc-700"
    />
  );
}
