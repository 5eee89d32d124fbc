import 'server-only';
// Continuing deliveries a stopped replica left pending (a console restart, a crash): whoever finds one first takes it
// over with a compare-and-swap, then sends its next attempt when its record says it is due.
import type { Namespace } from 'etcd3';
import { logger } from '../log/logger';
import { type HeldDelivery, listPendingDeliveries, saveDelivery } from './delivery-store';
import { DELIVERIES_PREFIX } from './keys';
import { replicaAlive } from './replica';

export async function takeOverOrphans(
  kv: Namespace,
  me: string,
  enqueue: (held: HeldDelivery) => void,
): Promise<number> {
  const pending = await listPendingDeliveries(kv, DELIVERIES_PREFIX);
  const alive = new Map<string, boolean>();
  let taken = 0;
  for (const held of pending) {
    const owner = held.record.owner;
    if (owner === me) continue;
    if (!alive.has(owner)) alive.set(owner, await replicaAlive(kv, owner));
    if (alive.get(owner)) continue;
    const mine = await saveDelivery(kv, held, { ...held.record, owner: me });
    if (!mine) continue;
    taken += 1;
    enqueue(mine);
  }
  if (taken > 0) logger.info({ taken, replica: me }, 'continuing webhook deliveries of a stopped replica');
  return taken;
}
