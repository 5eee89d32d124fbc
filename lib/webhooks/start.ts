import 'server-only';
// One webhook dispatcher per configured cluster per process, started from instrumentation.ts (or by the first
// request that needs one); a dispatcher that cannot start (etcd away) tries again every few seconds.
import { clusterProfiles } from '../etcd/cluster-context';
import { logger } from '../log/logger';
import { type DispatcherOptions, WebhookDispatcher } from './dispatcher';

const RETRY_START_MS = 5000;
const holder = globalThis as typeof globalThis & { __webhookDispatchers?: Map<string, WebhookDispatcher> };

/** Off with CONSOLE_WEBHOOKS=off (a replica that should serve pages only): deliveries are then sent by the others. */
export function webhooksEnabled(): boolean {
  return process.env.CONSOLE_WEBHOOKS !== 'off';
}

export function startWebhooks(): void {
  if (!webhooksEnabled()) return;
  for (const profile of clusterProfiles()) webhookDispatcherFor(profile.name);
}

export function webhookDispatcherFor(
  cluster: string,
  options: Omit<DispatcherOptions, 'cluster'> = {},
): WebhookDispatcher {
  holder.__webhookDispatchers ??= new Map();
  let dispatcher = holder.__webhookDispatchers.get(cluster);
  if (!dispatcher) {
    dispatcher = new WebhookDispatcher({ ...options, cluster });
    holder.__webhookDispatchers.set(cluster, dispatcher);
    startWithRetry(dispatcher, cluster);
  }
  return dispatcher;
}

function startWithRetry(dispatcher: WebhookDispatcher, cluster: string): void {
  dispatcher.start().catch((error) => {
    if (holder.__webhookDispatchers?.get(cluster) !== dispatcher) return;
    logger.warn({ err: error, cluster }, 'webhook dispatcher could not start; trying again');
    setTimeout(() => startWithRetry(dispatcher, cluster), RETRY_START_MS).unref();
  });
}

/** Stops every dispatcher of this process (tests, shutdown). */
export async function stopWebhooks(): Promise<void> {
  const all = [...(holder.__webhookDispatchers?.values() ?? [])];
  holder.__webhookDispatchers?.clear();
  await Promise.all(all.map((d) => d.stop()));
}
