// The subscriber's canary overlay: applied on top of production, reported as changes only where the shown value
// changes, a bad canary value keeps production, and acknowledgements name exactly the keys applied.
import { describe, expect, it } from 'vitest';
import { CanaryOverlays } from '@/packages/sdk/src/config/canary-overlays';
import { ConfigState } from '@/packages/sdk/src/config/config-state';

const bytes = (text: string) => Buffer.from(text);

function overlayKv(changeset: string, edits: Array<{ key: string; value: string | null }>, revision: number) {
  return {
    key: bytes(`/_console/canary/app/i1/${changeset}`),
    value: bytes(JSON.stringify({ changeset, edits })),
    mod_revision: String(revision),
  } as never;
}

describe('the canary overlay of a config subscriber', () => {
  it('shows canary values over production and production again when the overlay goes', () => {
    const state = new ConfigState<unknown>('json');
    state.replaceAll([
      { key: 'a', value: bytes('1'), revision: 2 },
      { key: 'b', value: bytes('2'), revision: 2 },
    ]);
    const on = state.setOverlay(
      new Map([
        ['a', bytes('10')],
        ['b', null],
      ]),
      5,
    );
    expect(on.changedKeys.sort()).toEqual(['a', 'b']);
    expect([...state.snapshot()]).toEqual([['a', 10]]);
    // A production change under the overlay is not a change the app sees.
    expect(state.put('a', bytes('3'), 6)).toEqual({ changed: false });
    expect(state.get('a')).toBe(10);
    const off = state.setOverlay(new Map(), 7);
    expect(off.changedKeys.sort()).toEqual(['a', 'b']);
    expect(Object.fromEntries(state.snapshot())).toEqual({ a: 3, b: 2 });
  });

  it('keeps production for a canary value that does not parse, and reports it', () => {
    const state = new ConfigState<unknown>('json');
    state.replaceAll([{ key: 'a', value: bytes('1'), revision: 2 }]);
    const out = state.setOverlay(new Map([['a', bytes('{oops')]]), 5);
    expect(out.changedKeys).toEqual([]);
    expect(out.failures.map((f) => f.key)).toEqual(['a']);
    expect(state.get('a')).toBe(1);
    expect([...state.failedOverlayKeys()]).toEqual(['a']);
    expect(state.currentFailures().map((f) => f.revision)).toEqual([5]);
  });

  it('merges overlays (a later set wins) and acknowledges per set', () => {
    const overlays = new CanaryOverlays('/config/');
    overlays.reset([
      overlayKv(
        'm1-aaaaaaaa',
        [
          { key: '/config/a', value: 'x' },
          { key: '/config/b', value: 'y' },
          { key: '/elsewhere/c', value: 'z' },
        ],
        10,
      ),
      overlayKv('m2-bbbbbbbb', [{ key: '/config/b', value: null }], 11),
    ]);
    const { values } = overlays.merged();
    expect([...values.entries()].map(([k, v]) => [k, v?.toString() ?? null])).toEqual([
      ['a', 'x'],
      ['b', null],
    ]);
    expect(overlays.revision()).toBe(11);
    expect(overlays.acks(new Set(['a', 'b']), new Set())).toEqual([
      { changeset: 'm1-aaaaaaaa', revision: 10, keys: ['/config/a'] },
      { changeset: 'm2-bbbbbbbb', revision: 11, keys: ['/config/b'] },
    ]);
    overlays.apply([
      {
        type: 'delete',
        key: bytes('/_console/canary/app/i1/m2-bbbbbbbb'),
        value: bytes(''),
        modRevision: 12,
        kv: {} as never,
      },
    ]);
    expect(overlays.merged().values.get('b')?.toString()).toBe('y');
  });
});
