// POST retry: a finished command runs again as a new command that points back at it.
import 'server-only';
import type { RetryRecord } from '@etcd-console/core/worker';
import { commandGroupDir, commandState, isFinishedState, retryKey } from '@etcd-console/core/worker';
import { ApiError } from '../api/errors';
import { assertMayWritePrefix } from '../auth/access';
import { etcdKv } from '../etcd/client';
import { type CreatedCommand, createCommand } from './create-command';
import { livenessOf, loadCommand, loadWorkers } from './load';
import { MAX_DEADLINE_SECONDS } from './schemas';

export async function retryCommand(id: string, creator: string): Promise<CreatedCommand> {
  const kv = etcdKv();
  const loaded = await loadCommand(kv, id);
  const spec = loaded?.entry.spec?.data;
  if (!loaded || !spec) throw new ApiError('not_found', `No command ${id}.`);
  assertMayWritePrefix(commandGroupDir(spec.group));
  const { workers } = await loadWorkers(kv, spec.group);
  const live = livenessOf(workers).get(spec.group) ?? new Set<string>();
  const state = commandState(loaded.entry, Date.now(), (w) => live.has(w));
  if (!isFinishedState(state))
    throw new ApiError('conflict', `Command ${id} is ${state}; only finished commands can be retried.`);
  // The retry gets the same time budget the original had.
  const budget = spec.deadline
    ? Math.ceil((Date.parse(spec.deadline) - Date.parse(spec.createdAt)) / 1000)
    : null;
  // The new command, the pointer on this one and the audit record: one transaction.
  return createCommand(
    {
      group: spec.group,
      workerId: spec.workerId ?? undefined,
      type: spec.type,
      payload: spec.payload as CreatedPayload,
      mode: spec.mode,
      deadlineSeconds: budget && budget > 0 ? Math.min(budget, MAX_DEADLINE_SECONDS) : undefined,
    },
    creator,
    id,
    (created) => {
      const record: RetryRecord = { at: created.createdAt, by: creator };
      return [kv.put(retryKey(spec.group, id, created.id)).value(JSON.stringify(record))];
    },
  );
}

type CreatedPayload = Parameters<typeof createCommand>[0]['payload'];
