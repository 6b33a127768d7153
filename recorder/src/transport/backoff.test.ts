import { describe, expect, it } from 'vitest';
import { retryAfterMs, retryDelay, verdictOf } from './backoff.ts';
import { SECRET_LOST } from './sender.ts';

describe('retryDelay', () => {
  it('doubles with every failure, between half and all of the step, up to a minute', () => {
    const low = (n: number) => retryDelay(n, null, 0, () => 0);
    const high = (n: number) => retryDelay(n, null, 0, () => 1);
    expect([1, 2, 3, 4].map(low)).toEqual([500, 1_000, 2_000, 4_000]);
    expect([1, 2, 3, 4].map(high)).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(high(30)).toBe(60_000);
  });

  it('waits at least as long as Retry-After says, in seconds or as a date, up to ten minutes', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(retryDelay(1, '5', now, () => 0)).toBe(5_000);
    expect(retryDelay(1, 'Wed, 01 Jan 2025 00:00:30 GMT', now, () => 0)).toBe(30_000);
    expect(retryDelay(1, '86400', now, () => 0)).toBe(600_000);
    expect(retryAfterMs('soon', now)).toBe(0);
  });
});

describe('verdictOf', () => {
  it('retries what may pass later and drops what never will', () => {
    expect([202, 200].map(verdictOf)).toEqual(['done', 'done']);
    expect([0, 408, 429, 500, 502, 503].map(verdictOf)).toEqual(Array(6).fill('retry'));
    expect([400, 404, 413, 415].map(verdictOf)).toEqual(Array(4).fill('drop'));
    expect([401, 403].map(verdictOf)).toEqual(['fatal', 'fatal']);
  });

  it('drops a batch of a session whose secret is lost, rather than stopping as for a refused key', () => {
    expect(verdictOf(SECRET_LOST)).toBe('drop');
  });
});
