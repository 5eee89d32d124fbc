// Writes a command for a worker group: the spec and the id index in one transaction (the console's POST and the
// worker SDK's sendCommand both write it this way).
import type { IOperation, IRequestOp, Namespace } from 'etcd3';
import { commandIndexKey, specKey } from './keys';
import { newId } from './names';
import type { CommandMode, CommandSpecRecord } from './records';
import { handlesType, readWorkers } from './workers';

export type CommandInput = {
  group: string;
  type: string;
  payload?: unknown;
  mode?: CommandMode;
  /** Address one worker of the group. */
  workerId?: string | null;
  deadlineSeconds?: number | null;
  creator?: string;
  retryOf?: string | null;
};

export type SentCommand = {
  id: string;
  group: string;
  /** Live workers of the group that handle the type (0: it waits in the queue). */
  listeners: number;
  revision: number;
};

/** More writes to commit with the command, in its transaction (the console's audit record, a retry pointer). */
export type WithCommand = (spec: CommandSpecRecord) => (IRequestOp | IOperation)[];

/** Low level: the caller validates. "all" targets the workers live now that handle the type. */
export async function writeCommand(
  kv: Namespace,
  input: CommandInput,
  withCommand: WithCommand = () => [],
): Promise<SentCommand> {
  const { workers } = await readWorkers(kv, input.group);
  const listeners = workers
    .filter((w) => handlesType(w.record, input.type) && (!input.workerId || w.id === input.workerId))
    .map((w) => w.id)
    .sort();
  const mode = input.mode ?? 'any';
  const now = new Date();
  const id = newId();
  const spec: CommandSpecRecord = {
    id,
    group: input.group,
    type: input.type,
    payload: input.payload ?? null,
    mode,
    workerId: input.workerId ?? null,
    targets: mode === 'all' ? listeners : [],
    creator: input.creator ?? 'sdk',
    createdAt: now.toISOString(),
    deadline: input.deadlineSeconds
      ? new Date(now.getTime() + input.deadlineSeconds * 1000).toISOString()
      : null,
    retryOf: input.retryOf ?? null,
  };
  const res = await kv
    .if(commandIndexKey(id), 'Create', '==', 0)
    .then(
      kv.put(specKey(input.group, id)).value(JSON.stringify(spec)),
      kv.put(commandIndexKey(id)).value(JSON.stringify({ group: input.group })),
      ...withCommand(spec),
    )
    .commit();
  if (!res.succeeded) throw new Error(`command id ${id} already exists`);
  return { id, group: input.group, listeners: listeners.length, revision: Number(res.header.revision) };
}
