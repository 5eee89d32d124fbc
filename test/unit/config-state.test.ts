import { describe, expect, it } from 'vitest';
import { ConfigState } from '@/packages/sdk/src/config/config-state';

const bytes = (text: string) => Buffer.from(text);

describe('the config state a subscriber keeps', () => {
  it('keeps the last good value when a new one fails to parse, until the key is fixed', () => {
    const state = new ConfigState<unknown>('json');
    expect(state.put('a', bytes('{"v":1}'), 5)).toEqual({ changed: true });
    const bad = state.put('a', bytes('{"v":'), 6);
    expect(bad.changed).toBe(false);
    expect(bad.failure).toMatchObject({ key: 'a', revision: 6 });
    expect(state.get('a')).toEqual({ v: 1 });
    expect(state.currentFailures().map((f) => f.key)).toEqual(['a']);
    expect(state.put('a', bytes('{"v":2}'), 7)).toEqual({ changed: true });
    expect(state.currentFailures()).toEqual([]);
  });

  it('clears a failure when the key is set back to the bytes it shows', () => {
    const state = new ConfigState<unknown>('json');
    state.put('a', bytes('1'), 2);
    state.put('a', bytes('nope'), 3);
    expect(state.put('a', bytes('1'), 4)).toEqual({ changed: false });
    expect(state.currentFailures()).toEqual([]);
  });

  it('hands out immutable snapshots that change only after a change', () => {
    const state = new ConfigState<string>('text');
    state.put('a', bytes('x'), 2);
    const first = state.snapshot();
    expect(state.snapshot()).toBe(first);
    state.delete('a');
    expect(first.get('a')).toBe('x');
    expect(state.snapshot().has('a')).toBe(false);
  });

  it('reports exactly the keys a fresh load added, changed or removed', () => {
    const state = new ConfigState<string>('text');
    state.replaceAll([
      { key: 'keep', value: bytes('1'), revision: 2 },
      { key: 'change', value: bytes('1'), revision: 3 },
      { key: 'drop', value: bytes('1'), revision: 4 },
    ]);
    const outcome = state.replaceAll([
      { key: 'keep', value: bytes('1'), revision: 2 },
      { key: 'change', value: bytes('2'), revision: 9 },
      { key: 'new', value: bytes('1'), revision: 10 },
    ]);
    expect(outcome.changedKeys.sort()).toEqual(['change', 'drop', 'new']);
    expect([...state.snapshot().keys()].sort()).toEqual(['change', 'keep', 'new']);
  });
});
