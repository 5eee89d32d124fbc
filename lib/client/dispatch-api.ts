// Browser calls to the dispatch API (commands, workers, work reports); errors come back as the server's ApiError.
import type { z } from 'zod';
import type {
  CommandDetail,
  CommandSummary,
  CreateCommandBody,
  commandListResponse,
  createCommandResponse,
  tasksResponse,
  workersResponse,
} from '../dispatch/schemas';
import { fetchJson } from './fetcher';

export type { CommandDetail, CommandSummary, CreateCommandBody };
export type CommandList = z.infer<typeof commandListResponse>;
export type CreatedCommand = z.infer<typeof createCommandResponse>;
export type WorkersList = z.infer<typeof workersResponse>;
export type TasksList = z.infer<typeof tasksResponse>;
export type CommandState = CommandSummary['state'];
/** Commands per page of the list (the console's first paint and the browser agree on it). */
export const COMMANDS_PAGE = 25;

export type CommandFilter = { group?: string; state?: CommandState; limit: number };

export function commandsUrl({ group, state, limit }: CommandFilter): string {
  const q = new URLSearchParams();
  if (group) q.set('group', group);
  if (state) q.set('state', state);
  q.set('limit', String(limit));
  return `/api/v1/commands?${q.toString()}`;
}

export const commandUrl = (id: string) => `/api/v1/commands/${encodeURIComponent(id)}`;

export const dispatchApi = {
  push: (body: CreateCommandBody) =>
    fetchJson<CreatedCommand>('/api/v1/commands', { method: 'POST', body: JSON.stringify(body) }),
  cancel: (id: string) => fetchJson<CommandDetail>(`${commandUrl(id)}/cancel`, { method: 'POST' }),
  retry: (id: string) => fetchJson<CreatedCommand>(`${commandUrl(id)}/retry`, { method: 'POST' }),
};
