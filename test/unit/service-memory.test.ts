// Flaps and vanished services, judged by comparing collections (lib/metrics/domain/service-memory.ts).
import { describe, expect, it } from 'vitest';
import { FLAP_WINDOW_MS, SERVICE_MEMORY_MS, ServiceMemory } from '@/lib/metrics/domain/service-memory';

const seen = (leases: Record<string, string>) => [
  { service: 'pay', layout: 'console', leases: new Map(Object.entries(leases)) },
];

describe('ServiceMemory', () => {
  it('counts a new lease and a return after absence as flaps, not the first sighting or a steady lease', () => {
    const m = new ServiceMemory();
    m.observe(seen({ a: '1', b: '2' }), 0);
    m.observe(seen({ a: '1', b: '2' }), 1000);
    expect(m.flapsOf('pay', 'console')).toBe(0);
    m.observe(seen({ a: '3', b: '2' }), 2000); // a re-registered on a new lease
    m.observe(seen({ a: '3' }), 3000); // b gone…
    m.observe(seen({ a: '3', b: '4' }), 4000); // …and back
    expect(m.flapsOf('pay', 'console')).toBe(2);
    expect(m.recentFlapsOf('pay', 'console', 4000)).toBe(2);
    expect(m.recentFlapsOf('pay', 'console', 2000 + FLAP_WINDOW_MS + 1)).toBe(1);
  });

  it('does not count instances already there at the first collection, nor a lease-less instance given a lease', () => {
    const m = new ServiceMemory();
    m.observe(seen({ a: '0' }), 0);
    m.observe(seen({ a: '5' }), 1000);
    expect(m.flapsOf('pay', 'console')).toBe(0);
  });

  it('reports a service whose instances all left as absent until it is forgotten', () => {
    const m = new ServiceMemory();
    m.observe(seen({ a: '1' }), 0);
    expect(m.observe([], 1000)).toEqual([{ service: 'pay', layout: 'console' }]);
    expect(m.observe([], SERVICE_MEMORY_MS + 1)).toEqual([]);
  });
});
