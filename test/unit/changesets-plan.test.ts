import { describe, expect, it } from 'vitest';
import { EDITS_PER_STEP, MAX_TXN_OPS, OPS_BESIDES_EDITS, planSteps } from '@/lib/changesets/plan';
import { editInput, patchBody } from '@/lib/changesets/schemas';

describe('change set publish steps', () => {
  it('keeps every step within etcd’s 128 operations, the audit and the records counted', () => {
    expect(EDITS_PER_STEP + OPS_BESIDES_EDITS).toBe(MAX_TXN_OPS);
    expect(MAX_TXN_OPS).toBe(128);
  });

  it.each([
    [0, []],
    [1, [1]],
    [125, [125]],
    [126, [125, 1]],
    [300, [125, 125, 50]],
  ])('cuts %i edits into steps of %j, in order', (count, sizes) => {
    const steps = planSteps(count);
    expect(steps.map((s) => s.length)).toEqual(sizes);
    expect(steps.flat()).toEqual(Array.from({ length: count }, (_, i) => i));
  });
});

describe('change set edit input', () => {
  it.each([
    [{ key: '/a', value: 'x' }, true],
    [{ key: '/a', action: 'delete' }, true],
    [{ key: '/a', action: 'put' }, false],
    [{ key: '/a', action: 'delete', value: 'x' }, false],
    [{ key: '', value: 'x' }, false],
    [{ key: '/a', value: 'x', format: 'xml' }, false],
    [{ key: '/a', value: 'x', baseModRevision: -1 }, false],
    [{ key: '/a', value: 'x', other: 1 }, false],
  ])('%j valid: %s', (input, valid) => {
    expect(editInput.safeParse(input).success).toBe(valid);
  });

  it('defaults a patch to no edits staged or removed', () => {
    expect(patchBody.parse({ title: 'x' })).toEqual({ title: 'x', put: [], remove: [] });
  });
});
