'use client';
// Dispatch data for the Workers & Commands pages, kept current by the tab's live stream (not by polling).
import { useEffect, useRef } from 'react';
import useSWR, { useSWRConfig } from 'swr';
import {
  type CommandDetail,
  type CommandFilter,
  type CommandList,
  commandsUrl,
  commandUrl,
  type TasksList,
  type WorkersList,
} from '../client/dispatch-api';
import { fetchJson, swrFetcher } from '../client/fetcher';
import { touches } from '../live/connection';
import { useLiveEvents } from '../live/use-live';

const ACTIVE = new Set(['queued', 'running']);

/**
 * Revalidates `keys` at most once per `delayMs` while anything under any of `prefixes` changes (and after a
 * resync). Progress writes arrive several times a second; the page refetches once per window, not per write.
 */
function useRevalidateOn(prefixes: string[] | null, keys: Array<string | null>, delayMs: number): void {
  const { mutate } = useSWRConfig();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const keysRef = useRef(keys);
  keysRef.current = keys;
  const watched = prefixes?.join('\n') ?? null;
  const revalidate = () => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      for (const key of keysRef.current) if (key) void mutate(key);
    }, delayMs);
  };
  // The live stream carries keys without the console's ETCD_PREFIX, so the plain dispatch roots match.
  useLiveEvents(
    watched === null ? null : '/',
    (events) => {
      const list = watched?.split('\n') ?? [];
      if (events.some((e) => list.some((p) => touches(e, p)))) revalidate();
    },
    revalidate,
  );
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
}

export type WorkersData = WorkersList & { receivedAt?: number };

const WORKERS_URL = '/api/v1/workers';

// Stamped on arrival so lease TTLs can count down in the browser between refetches.
const workersFetcher = (url: string) =>
  fetchJson<WorkersList>(url).then((data): WorkersData => ({ ...data, receivedAt: Date.now() }));

/**
 * Registered workers by group, their lease TTLs and what they run (with progress). One component per page
 * follows the live stream (`live`); others sharing the data read the same cache without refetching twice.
 */
export function useWorkers(initial?: WorkersList, { live = true }: { live?: boolean } = {}) {
  const result = useSWR<WorkersData>(WORKERS_URL, workersFetcher, {
    fallbackData: initial,
    // Keepalives change no key; a slow refresh keeps the TTLs honest between live events.
    refreshInterval: live ? 10_000 : 0,
  });
  useRevalidateOn(live ? ['/workers/'] : null, [WORKERS_URL], 200);
  // Progress of the running work lives under /commands/: follow it, but at most once a second.
  useRevalidateOn(live ? ['/commands/'] : null, [WORKERS_URL], 1000);
  return result;
}

/** One page of commands, newest first, live. */
export function useCommands(filter: CommandFilter, initial?: CommandList) {
  const key = commandsUrl(filter);
  const result = useSWR<CommandList>(key, swrFetcher, {
    fallbackData: initial,
    keepPreviousData: true,
    // A passed deadline changes no key: look again now and then while something is active.
    refreshInterval: (latest) => (latest?.commands.some((c) => ACTIVE.has(c.state)) ? 15_000 : 0),
  });
  useRevalidateOn(['/commands/', '/workers/'], [key], 1000);
  return result;
}

/** One command with its runs and timeline, live. */
export function useCommand(id: string, initial?: CommandDetail) {
  const key = commandUrl(id);
  const result = useSWR<CommandDetail>(key, swrFetcher, {
    fallbackData: initial,
    shouldRetryOnError: false,
    refreshInterval: (latest) => (latest && ACTIVE.has(latest.state) ? 10_000 : 0),
  });
  // Until the group is known, any command change may be this one; a command that is not there is not followed.
  const group = result.data?.group;
  const prefixes = group
    ? [`/commands/${group}/${id}/`, `/workers/${group}/`]
    : result.error
      ? null
      : ['/commands/'];
  useRevalidateOn(prefixes, [key], 300);
  return result;
}

const TASKS_URL = '/api/v1/tasks?limit=200';

/** Work reports: running first, then the recently finished and lost ones. */
export function useTasks(initial?: TasksList) {
  const result = useSWR<TasksList>(TASKS_URL, swrFetcher, { fallbackData: initial });
  useRevalidateOn(['/tasks/'], [TASKS_URL], 500);
  return result;
}
