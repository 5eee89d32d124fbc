'use client';
import { MergeView } from '@codemirror/merge';
import { EditorState } from '@codemirror/state';
import { oneDark } from '@codemirror/theme-one-dark';
import { EditorView } from '@codemirror/view';
import { useTranslations } from 'next-intl';
import { useTheme } from 'next-themes';
import { useEffect, useRef, useState } from 'react';
import type { KvItem } from '@/lib/kv/item';
import { CodeEditor } from '../editor/code-editor';
import { languageFor } from '../editor/language';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { draftText, type EditorMode } from './value-draft';

type Props = {
  base: KvItem;
  theirs: KvItem | null;
  mine: string;
  mode: EditorMode;
  onTakeTheirs: (theirs: KvItem | null) => void;
  onWrite: (text: string) => void;
  onClose: () => void;
};

/** Three-way view after a refused save: where you started, theirs now, and yours in a merge editor. */
export function ConflictView({ base, theirs, mine, mode, onTakeTheirs, onWrite, onClose }: Props) {
  const t = useTranslations('keys');
  const [merged, setMerged] = useState(mine);
  const theirsText = theirs ? draftText(theirs, mode) : '';
  return (
    <Dialog
      open
      onClose={onClose}
      wide
      title={t('conflictTitle')}
      testId="conflict-view"
      footer={
        <>
          <Button onClick={() => onTakeTheirs(theirs)} data-testid="take-theirs">
            {t('takeTheirs')}
          </Button>
          <Button onClick={() => onWrite(mine)} data-testid="keep-mine">
            {t('keepMine')}
          </Button>
          <Button variant="primary" onClick={() => onWrite(merged)} data-testid="save-merge">
            {t('saveMerge')}
          </Button>
        </>
      }
    >
      <p className="mb-3 text-zinc-600 dark:text-zinc-400">{t('conflictIntro')}</p>
      <div className="mb-3">
        <div className="mb-1 text-xs font-medium text-zinc-500">
          {t('base', { revision: base.modRevision })}
        </div>
        <div data-testid="conflict-base">
          <CodeEditor value={draftText(base, mode)} format={mode} readOnly minHeight="4rem" />
        </div>
      </div>
      <div className="grid grid-cols-2 gap-2 text-xs font-medium text-zinc-500">
        <div>{theirs ? t('theirs', { revision: theirs.modRevision }) : t('theirsDeleted')}</div>
        <div>{t('mine')}</div>
      </div>
      <MergePanes theirs={theirsText} mine={mine} mode={mode} onChange={setMerged} />
    </Dialog>
  );
}

/** Theirs (read-only) beside yours (editable), with the differences marked. */
function MergePanes({
  theirs,
  mine,
  mode,
  onChange,
}: {
  theirs: string;
  mine: string;
  mode: EditorMode;
  onChange: (text: string) => void;
}) {
  const host = useRef<HTMLDivElement>(null);
  const { resolvedTheme } = useTheme();
  const handler = useRef(onChange);
  handler.current = onChange;
  useEffect(() => {
    if (!host.current) return;
    const common = [languageFor(mode), EditorView.lineWrapping, resolvedTheme === 'dark' ? oneDark : []];
    const view = new MergeView({
      parent: host.current,
      a: {
        doc: theirs,
        extensions: [...common, EditorState.readOnly.of(true), EditorView.editable.of(false)],
      },
      b: {
        doc: mine,
        extensions: [
          ...common,
          EditorView.updateListener.of((u) => u.docChanged && handler.current(u.state.doc.toString())),
        ],
      },
      highlightChanges: true,
      gutter: true,
    });
    return () => view.destroy();
  }, [theirs, mine, mode, resolvedTheme]);
  return (
    <div
      ref={host}
      data-testid="merge-editor"
      className="max-h-[50vh] overflow-auto rounded-md border border-zinc-300 text-[13px] dark:border-zinc-700"
    />
  );
}
