import { describe, expect, it } from 'vitest';
import { createStormGuard, mutationCount } from './storm-guard.ts';

describe('the mutation storm guard', () => {
  it('trips when one window holds more changes than the limit, and starts afresh in the next', () => {
    let t = 0;
    const guard = createStormGuard(100, 1_000, () => t);
    expect(guard.add(60)).toBe(false);
    t = 500;
    expect(guard.add(60)).toBe(true);
    t = 1_600;
    expect(guard.add(60)).toBe(false);
  });

  it('counts the changes of rrweb mutation events only', () => {
    const mutation = { type: 3, data: { source: 0, adds: [1, 2], removes: [3], texts: [], attributes: [4, 5, 6] } };
    expect(mutationCount(mutation)).toBe(6);
    expect(mutationCount({ type: 3, data: { source: 1, positions: [1, 2] } })).toBe(0);
    expect(mutationCount({ type: 2, data: {} })).toBe(0);
  });
});
