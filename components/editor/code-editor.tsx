'use client';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import {
  bracketMatching,
  defaultHighlightStyle,
  foldGutter,
  indentOnInput,
  syntaxHighlighting,
} from '@codemirror/language';
import { type Diagnostic, linter, lintGutter } from '@codemirror/lint';
import { Compartment, EditorState, type Extension } from '@codemirror/state';
import { oneDark } from '@codemirror/theme-one-dark';
import { EditorView, highlightActiveLine, keymap, lineNumbers } from '@codemirror/view';
import { useTheme } from 'next-themes';
import { useEffect, useRef } from 'react';
import { type ValueFormat, validateValue } from '@/lib/kv/value-format';
import { languageFor } from './language';

type Props = {
  value: string;
  onChange?: (value: string) => void;
  format: ValueFormat | 'hex' | 'base64';
  readOnly?: boolean;
  testId?: string;
  minHeight?: string;
  onSave?: () => void;
};

/** Lint markers straight from the same validator the server applies before a save. */
function formatLinter(format: Props['format']): Extension {
  if (format === 'text' || format === 'hex' || format === 'base64') return [];
  return linter(
    (view): Diagnostic[] => {
      const text = view.state.doc.toString();
      const problem = validateValue(text, format);
      if (!problem) return [];
      const line = view.state.doc.line(Math.min(Math.max(problem.line, 1), view.state.doc.lines));
      const from = Math.min(line.from + Math.max(problem.column - 1, 0), line.to);
      return [
        { from, to: Math.min(from + 1, view.state.doc.length), severity: 'error', message: problem.message },
      ];
    },
    { delay: 250 },
  );
}

export function CodeEditor({
  value,
  onChange,
  format,
  readOnly = false,
  testId,
  minHeight = '18rem',
  onSave,
}: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const language = useRef(new Compartment());
  const theme = useRef(new Compartment());
  const lint = useRef(new Compartment());
  const editable = useRef(new Compartment());
  const handlers = useRef({ onChange, onSave });
  handlers.current = { onChange, onSave };
  const { resolvedTheme } = useTheme();

  useEffect(() => {
    if (!host.current) return;
    const state = EditorState.create({
      doc: value,
      extensions: [
        lineNumbers(),
        foldGutter(),
        history(),
        indentOnInput(),
        bracketMatching(),
        highlightActiveLine(),
        lintGutter(),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        keymap.of([
          {
            key: 'Mod-s',
            preventDefault: true,
            run: () => {
              handlers.current.onSave?.();
              return true;
            },
          },
          ...defaultKeymap,
          ...historyKeymap,
          indentWithTab,
        ]),
        EditorView.lineWrapping,
        editable.current.of([EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)]),
        EditorView.theme({
          '&': { minHeight, fontSize: '13px' },
          '.cm-scroller': { fontFamily: 'var(--font-mono)' },
        }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) handlers.current.onChange?.(update.state.doc.toString());
        }),
        language.current.of(languageFor(format)),
        lint.current.of(formatLinter(format)),
        theme.current.of(resolvedTheme === 'dark' ? oneDark : []),
      ],
    });
    view.current = new EditorView({ state, parent: host.current });
    return () => {
      view.current?.destroy();
      view.current = null;
    };
    // The editor is created once; later prop changes are applied by the effects below.
  }, []);

  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value) {
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
    }
  }, [value]);

  useEffect(() => {
    view.current?.dispatch({
      effects: [
        language.current.reconfigure(languageFor(format)),
        lint.current.reconfigure(formatLinter(format)),
      ],
    });
  }, [format]);

  useEffect(() => {
    view.current?.dispatch({
      effects: editable.current.reconfigure([
        EditorState.readOnly.of(readOnly),
        EditorView.editable.of(!readOnly),
      ]),
    });
  }, [readOnly]);

  useEffect(() => {
    view.current?.dispatch({ effects: theme.current.reconfigure(resolvedTheme === 'dark' ? oneDark : []) });
  }, [resolvedTheme]);

  return (
    <div
      ref={host}
      data-testid={testId}
      className="overflow-hidden rounded-md border border-zinc-300 bg-white dark:border-zinc-700 dark:bg-[#282c34]"
    />
  );
}
