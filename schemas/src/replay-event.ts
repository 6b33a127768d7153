import { z } from 'zod';
import { epochMs } from './time.ts';
import { refineWellFormed } from './well-formed.ts';
import { RRWEB_EVENT_TYPE } from './wire.ts';

/**
 * rrweb's event types (@rrweb/types EventType), defined in wire.ts with the recorder's other wire
 * values. Loupe stores rrweb events as they are, so only the envelope is checked here; `data` is
 * rrweb's own and the replayer is its judge.
 */
export { RRWEB_EVENT_TYPE };

// rrweb's data is free-form, but it is stored as text, so every string in it must be Unicode.
export const replayEvent = z
  .looseObject({
    type: z
      .number()
      .int()
      .min(0)
      .max(Math.max(...Object.values(RRWEB_EVENT_TYPE))),
    timestamp: epochMs,
    data: z.unknown(),
  })
  .superRefine((e, ctx) => refineWellFormed(e, ctx));
export type ReplayEvent = z.infer<typeof replayEvent>;
