// GET commands: newest first, filtered by group and state, paged by id.
import 'server-only';
import type { z } from 'zod';
import { etcdKv } from '../etcd/client';
import { summarizeCommand } from './command-view';
import { livenessOf, loadCommand, loadVisibleCommands, loadWorkers } from './load';
import { pruneIfDue } from './prune';
import { repairCommand } from './repair-command';
import type { CommandSummary, commandListResponse, listCommandsQuery } from './schemas';

type Query = z.infer<typeof listCommandsQuery>;
type ListResponse = z.infer<typeof commandListResponse>;

/**
 * Only commands the caller may see (lib/dispatch/visibility.ts) are read, filtered and paged, so the page, its
 * cursor and its repairs concern visible commands alone. Worker liveness, which only shapes the derived states, and
 * retention pruning are the console's own bookkeeping over every group; nothing of them reaches the answer.
 */
export async function listCommands(query: Query): Promise<ListResponse> {
  const kv = etcdKv();
  await pruneIfDue(kv);
  const [{ table, revision }, { workers }] = await Promise.all([
    loadVisibleCommands(kv, query.group),
    loadWorkers(kv, query.group),
  ]);
  const live = livenessOf(workers);
  const now = Date.now();
  const none = new Set<string>();
  const matching: CommandSummary[] = [];
  for (const entry of table.values()) {
    if (query.cursor && entry.id >= query.cursor) continue;
    const summary = summarizeCommand(entry, live.get(entry.group) ?? none, now);
    if (summary && (!query.state || summary.state === query.state)) matching.push(summary);
  }
  matching.sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  const page = matching.slice(0, query.limit);
  const repaired = await repairPage(page, table, live, now);
  return {
    commands: repaired,
    nextCursor: matching.length > query.limit ? (page[page.length - 1]?.id ?? null) : null,
    revision,
  };
}

/** Repairs the commands shown (lost claims, passed deadlines) and re-reads the ones that changed. */
async function repairPage(
  page: CommandSummary[],
  table: Awaited<ReturnType<typeof loadVisibleCommands>>['table'],
  live: ReturnType<typeof livenessOf>,
  now: number,
): Promise<CommandSummary[]> {
  const kv = etcdKv();
  return Promise.all(
    page.map(async (summary) => {
      const entry = table.get(summary.id);
      if (!entry || !(await repairCommand(kv, entry, new Date(now)))) return summary;
      const fresh = await loadCommand(kv, summary.id);
      return (
        (fresh && summarizeCommand(fresh.entry, live.get(fresh.entry.group) ?? new Set(), now)) ?? summary
      );
    }),
  );
}
