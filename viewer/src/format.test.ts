import { afterEach, describe, expect, it } from 'vitest';
import { formatTime, zoneOffset } from './format.ts';

const original = process.env.TZ;
afterEach(() => {
  process.env.TZ = original;
});

describe('formatTime', () => {
  it('writes the time in the viewer’s zone with that zone’s offset', () => {
    process.env.TZ = 'Europe/Berlin';
    expect(formatTime('2026-12-01T13:05:09Z')).toBe('2026-12-01 14:05:09 +01:00');
    // Summer time has its own offset.
    expect(formatTime('2026-07-01T13:05:09Z')).toBe('2026-07-01 15:05:09 +02:00');
    process.env.TZ = 'America/St_Johns';
    expect(formatTime('2026-12-01T13:05:09Z')).toBe('2026-12-01 09:35:09 -03:30');
    process.env.TZ = 'UTC';
    expect(formatTime(Date.UTC(2026, 11, 1, 13, 5, 9))).toBe('2026-12-01 13:05:09 +00:00');
    expect(zoneOffset(new Date())).toBe('+00:00');
  });

  it('leaves what is not a time as it came', () => {
    expect(formatTime('not a time')).toBe('not a time');
  });
});
