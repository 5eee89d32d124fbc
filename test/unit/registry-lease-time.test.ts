import { describe, expect, it } from 'vitest';
import { isExpiring, secondsLeft } from '@/lib/registry/lease-time';

describe('isExpiring', () => {
  it.each([
    // lease, ttl left, granted → expiring?
    [null, null, null, false],
    ['7', null, null, true],
    ['7', 2, 3, false],
    ['7', 1, 3, false],
    ['7', 0, 3, true],
    ['7', 1, 2, false],
    ['7', 0, 2, true],
    ['7', 3, 5, false],
    ['7', 1, 5, true],
    ['7', 20, 30, false],
    ['7', 14, 30, true],
  ] as const)('lease %s, %s s of %s s left → %s', (lease, ttl, granted, want) => {
    expect(isExpiring(lease, ttl, granted)).toBe(want);
  });
});

describe('secondsLeft', () => {
  it.each([
    // reported ttl, granted, seconds since → shown
    [2, 3, 0, 3],
    [2, 3, 0.6, 2],
    [2, 3, 1.6, 1],
    [2, 3, 2.6, 0],
    [1, 3, 1.1, 1],
    [3, 3, 0, 3],
    [0, 3, 0, 1],
    [0, 3, 0.5, 0],
    [20, null, 3, 18],
  ] as const)('ttl %s of %s, %s s later → %s', (ttl, granted, elapsed, want) => {
    expect(secondsLeft(ttl, granted, elapsed)).toBe(want);
  });
});
