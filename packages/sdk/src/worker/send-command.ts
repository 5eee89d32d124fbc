// Sends a command for a worker group from any Node program (the transaction is the keyspace contract's).
import { type CommandInput, dispatchName, type SentCommand, writeCommand } from '@etcd-console/core/worker';
import { openConnection, type SdkConnection } from '../connection';

export type { CommandInput, SentCommand };

/** Sends a command from any Node program. */
export async function sendCommand(options: SdkConnection & CommandInput): Promise<SentCommand> {
  dispatchName.parse(options.group);
  dispatchName.parse(options.type);
  if (options.workerId) dispatchName.parse(options.workerId);
  const handle = openConnection(options);
  try {
    return await writeCommand(handle.kv, {
      ...options,
      payload: JSON.parse(JSON.stringify(options.payload ?? null)),
    });
  } finally {
    handle.release();
  }
}
