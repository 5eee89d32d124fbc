// Writes a new command under its group: the spec and the id index, in one transaction.
import 'server-only';
import { ApiError } from '../api/errors';
import { etcdKv } from '../etcd/client';
import { commandIndexKey, specKey } from '../sdk/worker/keys';
import { newId } from '../sdk/worker/names';
import type { CommandSpecRecord } from '../sdk/worker/records';
import { handlesType, loadWorkers } from './load';
import type { CreateCommandBody } from './schemas';

/** etcd refuses requests over 1.5 MiB; keep room for the rest of the spec. */
export const MAX_PAYLOAD_BYTES = 1024 * 1024;

export type CreatedCommand = {
  id: string;
  group: string;
  state: 'queued';
  listeners: number;
  retryOf: string | null;
  revision: number;
};

export async function createCommand(
  input: CreateCommandBody,
  creator: string,
  retryOf: string | null = null,
): Promise<CreatedCommand> {
  const payload = input.payload ?? null;
  if (Buffer.byteLength(JSON.stringify(payload)) > MAX_PAYLOAD_BYTES) {
    throw new ApiError('too_large', `The payload exceeds ${MAX_PAYLOAD_BYTES} bytes of JSON.`);
  }
  const kv = etcdKv();
  // Who can run it now: the live workers of the group that handle the type (or the one addressed).
  const { workers } = await loadWorkers(kv, input.group);
  const listeners = workers
    .filter((w) => handlesType(w.record, input.type) && (!input.workerId || w.id === input.workerId))
    .map((w) => w.id)
    .sort();
  const now = new Date();
  const id = newId();
  const spec: CommandSpecRecord = {
    id,
    group: input.group,
    type: input.type,
    payload,
    mode: input.mode,
    workerId: input.workerId ?? null,
    // "all" runs once on each worker live now; with none live, on whoever picks it up first.
    targets: input.mode === 'all' ? listeners : [],
    creator,
    createdAt: now.toISOString(),
    deadline: input.deadlineSeconds
      ? new Date(now.getTime() + input.deadlineSeconds * 1000).toISOString()
      : null,
    retryOf,
  };
  const res = await kv
    .if(commandIndexKey(id), 'Create', '==', 0)
    .then(
      kv.put(specKey(input.group, id)).value(JSON.stringify(spec)),
      kv.put(commandIndexKey(id)).value(JSON.stringify({ group: input.group })),
    )
    .commit();
  if (!res.succeeded) throw new ApiError('conflict', `Command id ${id} already exists; try again.`);
  return {
    id,
    group: input.group,
    state: 'queued',
    listeners: listeners.length,
    retryOf,
    revision: Number(res.header.revision),
  };
}
