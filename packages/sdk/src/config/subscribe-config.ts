// subscribeConfig: the config SDK's entry point.
import crypto from 'node:crypto';
import os from 'node:os';
import { openConnection } from '../connection';
import { type ConfigSubscription, type SubscribeConfigOptions, subscribeOptionsSchema } from './options';
import { Subscriber } from './subscriber';

/**
 * Loads everything under `prefix` at one revision, calls onChange with the snapshot, then watches from the next
 * revision so no change is missed, and keeps a status entry (the acknowledgement) under its own lease.
 * Resolves once the first snapshot is applied and the watch is running.
 */
export async function subscribeConfig<T = unknown>(
  options: SubscribeConfigOptions<T>,
): Promise<ConfigSubscription<T>> {
  const parsed = subscribeOptionsSchema.parse(options);
  const handle = openConnection(options.connection ?? {});
  const subscriber = new Subscriber<T>(
    { ...options, ...parsed, instanceId: parsed.instanceId ?? defaultInstanceId() },
    handle,
  );
  try {
    await subscriber.start();
  } catch (error) {
    await subscriber.close();
    throw error;
  }
  return subscriber;
}

/** <host>-<pid>-<4 hex>, cut to the name rules. */
function defaultInstanceId(): string {
  const host =
    os
      .hostname()
      .replace(/[^A-Za-z0-9._-]/g, '-')
      .replace(/^[^A-Za-z0-9]+/, '') || 'host';
  return `${host.slice(0, 100)}-${process.pid}-${crypto.randomBytes(2).toString('hex')}`;
}
