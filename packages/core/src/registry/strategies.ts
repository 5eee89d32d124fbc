// How a balancer chooses among live instances. Draining instances are never candidates.
import type { ServiceInstance } from './instance';

export const strategies = ['round-robin', 'weighted', 'random'] as const;
export type Strategy = (typeof strategies)[number];

/** Picks one instance from the table it is given; keeps its own state between calls. */
export type Picker = (instances: readonly ServiceInstance[]) => ServiceInstance | undefined;

export function liveInstances(instances: readonly ServiceInstance[]): ServiceInstance[] {
  return instances.filter((i) => i.status === 'up');
}

/** Each up instance in turn, in id order. */
export function roundRobinPicker(): Picker {
  let turn = 0;
  return (instances) => {
    const live = liveInstances(instances);
    if (live.length === 0) return undefined;
    const chosen = live[turn % live.length];
    turn = (turn + 1) % Number.MAX_SAFE_INTEGER;
    return chosen;
  };
}

/** Uniformly at random among up instances. */
export function randomPicker(random: () => number = Math.random): Picker {
  return (instances) => {
    const live = liveInstances(instances);
    return live[Math.floor(random() * live.length)];
  };
}

/**
 * Smooth weighted round-robin (as in nginx): over any run of picks each up instance gets its share of
 * weight / total, interleaved rather than in bursts. Weight 0 means never.
 */
export function weightedPicker(): Picker {
  const current = new Map<string, number>();
  return (instances) => {
    const live = liveInstances(instances).filter((i) => i.weight > 0);
    if (live.length === 0) return undefined;
    let total = 0;
    let best: ServiceInstance | undefined;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (const instance of live) {
      const score = (current.get(instance.id) ?? 0) + instance.weight;
      current.set(instance.id, score);
      total += instance.weight;
      if (score > bestScore) {
        best = instance;
        bestScore = score;
      }
    }
    current.set(best!.id, bestScore - total);
    // Forget instances that left the table.
    if (current.size > live.length) {
      const ids = new Set(live.map((i) => i.id));
      for (const id of current.keys()) if (!ids.has(id)) current.delete(id);
    }
    return best;
  };
}

export function createPicker(strategy: Strategy): Picker {
  switch (strategy) {
    case 'round-robin':
      return roundRobinPicker();
    case 'weighted':
      return weightedPicker();
    case 'random':
      return randomPicker();
  }
}
