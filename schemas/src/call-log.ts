import { z } from 'zod';
import { LIMITS } from './limits.ts';
import { platformTime } from './time.ts';
import { id, text, url } from './text.ts';

/** Request types of the FloatChat API logs (seed 001); C2E is FloatChat's click-to-engage call. */
export const CALL_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'C2E'] as const;
export const callMethod = z.enum(CALL_METHODS);
export const CALL_STATUSES = ['success', 'error'] as const;
export const callStatus = z.enum(CALL_STATUSES);
export type CallStatus = z.infer<typeof callStatus>;

/** 2xx and 3xx succeed; anything else, and 0 for a host that could not be reached, is an error. */
export function statusOf(statusCode: number): CallStatus {
  return statusCode >= 200 && statusCode < 400 ? 'success' : 'error';
}

/** One integration call. `request` is the call as curl, `response` the body that came back. */
export function callLogSchema(now: () => number = Date.now) {
  return z.strictObject({
    ts: platformTime(now),
    application: id,
    bot: id,
    source: text(LIMITS.shortText),
    user: text(LIMITS.shortText),
    method: callMethod,
    url,
    statusCode: z.number().int().min(0).max(599),
    durationMs: z
      .number()
      .int()
      .min(0)
      .max(24 * 60 * 60 * 1000),
    request: text(LIMITS.body),
    response: text(LIMITS.body),
  });
}
export type CallLog = z.infer<ReturnType<typeof callLogSchema>>;
