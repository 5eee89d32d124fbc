// Browser calls to the layouts API: every layout with its switch, the settings document, and the live preview.
import type { DeclaredLayout } from '../layouts/declared';
import type { LayoutPreviewAnswer, LayoutsAnswer } from '../layouts/schemas';
import type { LayoutSettings } from '../layouts/settings-schema';
import { fetchJson } from './fetcher';

export type { DeclaredLayout, LayoutPreviewAnswer, LayoutSettings, LayoutsAnswer };
export type LayoutEntry = LayoutsAnswer['layouts'][number];

export const layoutsKeys = {
  list: '/api/v1/layouts',
};

export const layoutsApi = {
  /** Compare-and-swap on the settings' modRevision: a 409 means someone else saved in between. */
  save: (settings: LayoutSettings, expectedModRevision: number) =>
    fetchJson<LayoutsAnswer>(layoutsKeys.list, {
      method: 'PUT',
      body: JSON.stringify({ settings, expectedModRevision }),
    }),
  preview: (draft: DeclaredLayout, signal?: AbortSignal) =>
    fetchJson<LayoutPreviewAnswer>('/api/v1/layouts/preview', {
      method: 'POST',
      body: JSON.stringify(draft),
      signal,
    }),
};
