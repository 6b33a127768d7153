import { z } from 'zod';
import { LIMITS } from './limits.ts';

/** 2000-01-01: nothing Loupe stores predates it, so anything earlier is a unit mistake (seconds for ms). */
export const EARLIEST_MS = Date.UTC(2000, 0, 1);

/** Epoch milliseconds as an integer within the range ClickHouse's DateTime64(3) stores comfortably. */
export const epochMs = z
  .number()
  .int('must be whole epoch milliseconds')
  .min(EARLIEST_MS, 'must be epoch milliseconds after 2000-01-01')
  .max(Date.UTC(2200, 0, 1), 'must be epoch milliseconds before 2200');

const isoDateTime = z.iso.datetime({ offset: true, local: false });

/**
 * A platform time: ISO 8601 with a zone or epoch milliseconds, normalised to epoch milliseconds.
 * It may lie in the past (imports) but not more than five minutes ahead of `now()`.
 */
export function platformTime(now: () => number = Date.now) {
  return z
    .union([epochMs, isoDateTime.transform((s) => Date.parse(s))])
    .pipe(epochMs)
    .refine((ms) => ms <= now() + LIMITS.platformFutureMs, {
      message: 'must not lie more than five minutes in the future',
    });
}

/** Formats epoch milliseconds as ISO 8601 UTC, the form every read answers with. */
export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}
