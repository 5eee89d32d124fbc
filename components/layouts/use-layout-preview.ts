'use client';
// The live preview of a draft layout over the real keys: debounced, the previous request aborted.
import { useEffect, useState } from 'react';
import { type DeclaredLayout, type LayoutPreviewAnswer, layoutsApi } from '@/lib/client/layouts-api';

export type PreviewState =
  | { kind: 'idle' }
  | { kind: 'loading'; last?: LayoutPreviewAnswer }
  | { kind: 'ready'; answer: LayoutPreviewAnswer }
  | { kind: 'error'; message: string };

const DEBOUNCE_MS = 400;

export function useLayoutPreview(draft: DeclaredLayout | null): PreviewState {
  const [state, setState] = useState<PreviewState>({ kind: 'idle' });
  // One request per distinct draft, however often the form re-renders.
  const body = draft ? JSON.stringify(draft) : null;
  useEffect(() => {
    if (body === null) {
      setState({ kind: 'idle' });
      return;
    }
    setState((s) => ({ kind: 'loading', last: s.kind === 'ready' ? s.answer : undefined }));
    const controller = new AbortController();
    const timer = setTimeout(() => {
      layoutsApi.preview(JSON.parse(body) as DeclaredLayout, controller.signal).then(
        (answer) => setState({ kind: 'ready', answer }),
        (error: unknown) => {
          if (controller.signal.aborted) return;
          setState({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [body]);
  return state;
}
