// Writes a new command under its group: the spec and the id index, in one transaction.
import 'server-only';
import { ApiError } from '../api/errors';
import { etcdKv } from '../etcd/client';
import { writeCommand } from '../sdk/worker/send-command';
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
  const sent = await writeCommand(etcdKv(), { ...input, payload, creator, retryOf });
  return { ...sent, state: 'queued', retryOf };
}
