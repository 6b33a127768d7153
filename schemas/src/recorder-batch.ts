import { z } from 'zod';
import { LIMITS } from './limits.ts';
import { epochMs } from './time.ts';
import { id, text } from './text.ts';
import { cobrowseEvent } from './cobrowse-event.ts';
import { replayEvent } from './replay-event.ts';
import { WIRE_FORMAT_VERSION, WIRE_LIMITS } from './wire.ts';

/** The wire format version the recorder writes; the collector refuses versions it does not know. */
export const RECORDER_FORMAT_VERSION = WIRE_FORMAT_VERSION;

export const sessionId = z
  .string()
  .min(WIRE_LIMITS.sessionIdMin)
  .max(WIRE_LIMITS.sessionIdMax)
  .regex(
    /^[A-Za-z0-9_-]+$/,
    `must be ${WIRE_LIMITS.sessionIdMin}-${WIRE_LIMITS.sessionIdMax} characters of A-Z, a-z, 0-9, _ or -`,
  );

export const recorderUser = z.strictObject({ id, name: text(LIMITS.shortText).min(1).optional() });

/**
 * One recorder batch. `now` is the arrival clock: every event time must lie within a day of it,
 * which catches clocks set years off without refusing an offline queue sent late.
 */
export function recorderBatchSchema(now: () => number = Date.now) {
  const withinADay = (ms: number) => Math.abs(ms - now()) <= LIMITS.recorderSkewMs;
  return z
    .strictObject({
      v: z.literal(RECORDER_FORMAT_VERSION),
      sessionId,
      seq: z.number().int().min(0).max(0xffffffff),
      isAgent: z.boolean(),
      user: recorderUser.optional(),
      sentAt: epochMs,
      events: z.array(cobrowseEvent).max(LIMITS.eventsPerBatch),
      replay: z.array(replayEvent).max(LIMITS.replayPerBatch),
    })
    .superRefine((batch, ctx) => {
      batch.events.forEach((e, i) => {
        if (!withinADay(e.ts))
          ctx.addIssue({ code: 'custom', path: ['events', i, 'ts'], message: 'must lie within a day of arrival' });
      });
      batch.replay.forEach((e, i) => {
        if (!withinADay(e.timestamp))
          ctx.addIssue({
            code: 'custom',
            path: ['replay', i, 'timestamp'],
            message: 'must lie within a day of arrival',
          });
      });
    });
}
export type RecorderBatch = z.infer<ReturnType<typeof recorderBatchSchema>> & {
  /**
   * The replay array exactly as the collector received it in a JSON body, stored as it came
   * (collector/src/ingest/recorder-body.ts). Set by the collector only: the schema refuses it.
   */
  replayJson?: string;
};
