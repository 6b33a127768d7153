import { describe, expect, it } from 'vitest';
import { FailureThrottle } from './failure-throttle.ts';

describe('FailureThrottle', () => {
  it('lets a bucket fail its burst, then asks it to wait, and forgives with time', () => {
    let now = 0;
    const t = new FailureThrottle(3, 1, () => now);
    for (let i = 0; i < 3; i++) {
      expect(t.retryAfter('a')).toBe(0);
      t.fail('a');
    }
    expect(t.retryAfter('a')).toBe(1);
    expect(t.retryAfter('b')).toBe(0);
    now += 1_000;
    expect(t.retryAfter('a')).toBe(0);
  });

  it('stays bounded when very many addresses fail, keeping the newest', () => {
    const t = new FailureThrottle(3, 1, () => 0, 1_000);
    for (let i = 0; i < 5_000; i++) t.fail(`addr-${i}`);
    expect(t.failures('addr-4999')).toBe(1);
    expect(t.failures('addr-0')).toBe(0);
  });
});
