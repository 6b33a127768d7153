import { z } from 'zod';
import { COBROWSE_TYPES } from './cobrowse-event.ts';
import { isoTime } from './page.response.ts';

/** A calendar day in the time zone the overview was asked for, `YYYY-MM-DD`. */
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const count = z.number().int().min(0);

/** The range and zone an overview was computed for: days are that zone's days. */
const overviewRange = { from: isoTime, to: isoTime, timeZone: z.string() };

/**
 * GET /v1/overview/sessions: aggregates of the session summary (sessions started in the range, and
 * their events by type) and the most clicked elements. Days with no session are absent.
 */
export const sessionsOverview = z.object({
  ...overviewRange,
  sessionsPerDay: z.array(z.object({ day, sessions: count })),
  eventsByType: z.array(z.object({ type: z.enum(COBROWSE_TYPES), events: count })),
  topClicks: z.array(z.object({ target: z.string(), text: z.string(), clicks: count })),
});
export type SessionsOverview = z.infer<typeof sessionsOverview>;

/** GET /v1/overview/call-logs: calls and errors per day, and errors per bot and per integration per day. */
export const callLogsOverview = z.object({
  ...overviewRange,
  callsPerDay: z.array(z.object({ day, calls: count, errors: count })),
  errorsByBot: z.array(z.object({ day, bot: z.string(), errors: count })),
  errorsByApplication: z.array(z.object({ day, application: z.string(), errors: count })),
});
export type CallLogsOverview = z.infer<typeof callLogsOverview>;
