// Writes a new command under its group: the spec, the id index and the audit record, in one transaction.
import 'server-only';
import {
  commandGroupDir,
  commandIndexKey,
  specKey,
  type WithCommand,
  writeCommand,
} from '@etcd-console/core/worker';
import { ApiError } from '../api/errors';
import { auditOp } from '../audit/record';
import { assertMayWritePrefix } from '../auth/access';
import { markAudited } from '../auth/context';
import { etcdKv } from '../etcd/client';
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

/**
 * A scoped actor needs the group's whole directory writable (the index entry is bookkeeping that goes with it).
 * `withCommand` adds writes to the same transaction (a retry's pointer on the command it retries).
 */
export async function createCommand(
  input: CreateCommandBody,
  creator: string,
  retryOf: string | null = null,
  withCommand: WithCommand = () => [],
): Promise<CreatedCommand> {
  assertMayWritePrefix(commandGroupDir(input.group));
  const payload = input.payload ?? null;
  if (Buffer.byteLength(JSON.stringify(payload)) > MAX_PAYLOAD_BYTES) {
    throw new ApiError('too_large', `The payload exceeds ${MAX_PAYLOAD_BYTES} bytes of JSON.`);
  }
  const sent = await writeCommand(etcdKv(), { ...input, payload, creator, retryOf }, (spec) => [
    ...withCommand(spec),
    auditOp(
      retryOf ? 'commands.retry' : 'commands.create',
      [Buffer.from(specKey(spec.group, spec.id)), Buffer.from(commandIndexKey(spec.id))],
      { details: { id: spec.id, type: spec.type, mode: spec.mode, workerId: spec.workerId, retryOf } },
    ),
  ]);
  markAudited();
  return { ...sent, state: 'queued', retryOf };
}
