'use client';
// The layouts settings as the page edits them: GET for admins, the enabled layouts of the services list for the
// rest (read-only), and a compare-and-swap save whose 409 asks for a reload.
import { useState } from 'react';
import useSWR, { useSWRConfig } from 'swr';
import { ApiError } from '@/lib/api/errors';
import { swrFetcher } from '@/lib/client/fetcher';
import { type LayoutSettings, type LayoutsAnswer, layoutsApi, layoutsKeys } from '@/lib/client/layouts-api';
import { servicesKeys } from '@/lib/client/services-api';
import type { ServiceList } from '@/lib/registry/schemas';

export function useLayouts() {
  const admin = useSWR<LayoutsAnswer>(layoutsKeys.list, swrFetcher, {
    shouldRetryOnError: false,
    revalidateOnFocus: false,
  });
  // Only admins without a prefix scope may read the settings; everyone else sees what is on.
  const forbidden = admin.error instanceof ApiError && admin.error.code === 'forbidden';
  const visible = useSWR<ServiceList>(forbidden ? '/api/v1/services' : null, swrFetcher);
  return { admin, visible, forbidden };
}

export type SaveProblem = { kind: 'conflict' } | { kind: 'error'; message: string } | null;

/** Saves the whole settings document against the modRevision the page read. */
export function useSaveLayouts(current: LayoutsAnswer | undefined) {
  const { mutate } = useSWRConfig();
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<SaveProblem>(null);

  async function save(settings: LayoutSettings): Promise<boolean> {
    if (!current) return false;
    setPending(true);
    setProblem(null);
    try {
      const answer = await layoutsApi.save(settings, current.modRevision);
      await mutate(layoutsKeys.list, answer, { revalidate: false });
      void mutate(servicesKeys.list);
      return true;
    } catch (error) {
      setProblem(
        error instanceof ApiError && error.code === 'conflict'
          ? { kind: 'conflict' }
          : { kind: 'error', message: error instanceof Error ? error.message : String(error) },
      );
      return false;
    } finally {
      setPending(false);
    }
  }

  async function reload() {
    setProblem(null);
    await mutate(layoutsKeys.list);
  }

  return { save, reload, pending, problem };
}
