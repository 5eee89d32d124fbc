import 'server-only';
import {
  STATUS_ROOT,
  type SubscriberStatus,
  splitStatusKey,
  subscriberStatusSchema,
} from '@etcd-console/core/config';
import type { Namespace } from 'etcd3';

export type LiveSubscriber = SubscriberStatus & { key: string; lease: string; modRevision: number };

/** Every well-formed status entry under /subscribers/, with the revision they were read at. */
export async function readSubscriberStatuses(
  kv: Namespace,
): Promise<{ revision: number; subscribers: LiveSubscriber[] }> {
  const res = await kv.getAll().prefix(STATUS_ROOT).exec();
  const subscribers: LiveSubscriber[] = [];
  for (const kv of res.kvs) {
    const key = kv.key.toString('utf8');
    if (!splitStatusKey(key)) continue;
    let json: unknown;
    try {
      json = JSON.parse(kv.value.toString('utf8'));
    } catch {
      continue;
    }
    const parsed = subscriberStatusSchema.safeParse(json);
    if (!parsed.success) continue;
    subscribers.push({ ...parsed.data, key, lease: kv.lease, modRevision: Number(kv.mod_revision) });
  }
  subscribers.sort((a, b) => a.app.localeCompare(b.app) || a.instance.localeCompare(b.instance));
  return { revision: Number(res.header.revision), subscribers };
}
