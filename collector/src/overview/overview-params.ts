import { z } from 'zod';
import { pageParams } from '../http/query-params.ts';

const DAY_MS = 86_400_000;
/** The default range, and the longest one: a chart of more than a year of days is unreadable anyway. */
const DEFAULT_DAYS = 30;
const MAX_DAYS = 400;

/** An IANA zone name this runtime knows (ClickHouse ships the same tz database). */
const timeZone = z
  .string()
  .max(64)
  .regex(/^[A-Za-z0-9_+\-/]+$/, 'must be an IANA time zone name such as Europe/Berlin')
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'is not a known time zone');

/**
 * GET /v1/overview/*: a time range (the last 30 days unless given) and the zone whose days the
 * charts count in, so a viewer in Berlin sees Berlin's days.
 */
export const overviewQuery = z
  .strictObject({ from: pageParams.from, to: pageParams.to, tz: timeZone.optional() })
  .transform((q, ctx) => {
    const to = q.to ?? Date.now();
    const from = q.from ?? to - DEFAULT_DAYS * DAY_MS;
    if (from > to) ctx.addIssue({ code: 'custom', path: ['from'], message: 'must not be after to' });
    if (to - from > MAX_DAYS * DAY_MS) {
      ctx.addIssue({ code: 'custom', path: ['from'], message: `the range may span at most ${MAX_DAYS} days` });
    }
    return { from, to, timeZone: q.tz ?? 'UTC' };
  });
export type OverviewRange = z.output<typeof overviewQuery>;
