// createBalancer(): pick() over a live table of a service's instances that a watch keeps current.

import type { ServiceInstance } from '@etcd-console/core/registry';
import { createPicker, type Strategy, strategies } from '@etcd-console/core/registry';
import { z } from 'zod';
import { type ServiceChange, type WatchServiceOptions, watchService } from './watch-service';

export type BalancerOptions = WatchServiceOptions & {
  strategy?: Strategy;
  /** Called after the table changes (and once when loaded). */
  onChange?: (change: ServiceChange) => void;
};

export type Balancer = {
  /** One up instance, or undefined when the service has none. Draining instances are never picked. */
  pick(): ServiceInstance | undefined;
  /** The whole table, up and draining. */
  instances(): ServiceInstance[];
  close(): Promise<void>;
};

/** Loads the service, then keeps the table current; resolves once pick() can answer. */
export async function createBalancer(service: string, options: BalancerOptions = {}): Promise<Balancer> {
  const strategy = z.enum(strategies).parse(options.strategy ?? 'round-robin');
  const pickFrom = createPicker(strategy);
  let table: ServiceInstance[] = [];
  const watch = await watchService(
    service,
    (change) => {
      table = change.instances;
      options.onChange?.(change);
    },
    options,
  );
  return {
    pick: () => pickFrom(table),
    instances: () => [...table],
    close: () => watch.close(),
  };
}
