import type { ServiceInstance } from '@etcd-console/core/registry';
import { randomPicker, roundRobinPicker, weightedPicker } from '@etcd-console/core/registry';
import { describe, expect, it } from 'vitest';

function instance(id: string, weight = 1, status: 'up' | 'draining' = 'up'): ServiceInstance {
  return {
    id,
    service: 's',
    key: `/services/s/${id}`,
    address: 'h',
    metadata: {},
    weight,
    status,
    lease: '0',
    createRevision: 1,
    modRevision: 1,
    format: 'json',
  };
}

function tally(pick: () => ServiceInstance | undefined, times: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < times; i++) {
    const id = pick()?.id ?? 'none';
    out[id] = (out[id] ?? 0) + 1;
  }
  return out;
}

describe('balancing strategies', () => {
  const table = [instance('a', 1), instance('b', 2), instance('c', 5, 'draining'), instance('d', 0)];

  it('round-robin takes up instances in turn and skips draining ones', () => {
    const pick = roundRobinPicker();
    expect([1, 2, 3, 4, 5, 6].map(() => pick(table)?.id)).toEqual(['a', 'b', 'd', 'a', 'b', 'd']);
  });

  it('weighted gives each up instance its share, interleaved, and never weight 0', () => {
    const pick = weightedPicker();
    expect([1, 2, 3].map(() => pick(table)?.id)).toEqual(['b', 'a', 'b']);
    expect(tally(() => pick(table), 300)).toEqual({ a: 100, b: 200 });
  });

  it('random stays among up instances', () => {
    let n = 0;
    const pick = randomPicker(() => (n++ % 3) / 3);
    expect(tally(() => pick(table), 30)).toEqual({ a: 10, b: 10, d: 10 });
  });

  it('every strategy answers undefined when nothing is up', () => {
    const drained = [instance('x', 1, 'draining')];
    for (const pick of [roundRobinPicker(), weightedPicker(), randomPicker()])
      expect(pick(drained)).toBeUndefined();
    expect(roundRobinPicker()([])).toBeUndefined();
  });
});
