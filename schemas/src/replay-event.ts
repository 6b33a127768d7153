import { z } from 'zod';
import { epochMs } from './time.ts';
import { RRWEB_EVENT_TYPE } from './wire.ts';

/**
 * rrweb's event types (@rrweb/types EventType), defined in wire.ts with the recorder's other wire
 * values. Loupe stores rrweb events as they are, so only the envelope is checked here; `data` is
 * rrweb's own and the replayer is its judge.
 */
export { RRWEB_EVENT_TYPE };

export const replayEvent = z.looseObject({
  type: z.number().int().min(0).max(Math.max(...Object.values(RRWEB_EVENT_TYPE))),
  timestamp: epochMs,
  data: z.unknown(),
});
export type ReplayEvent = z.infer<typeof replayEvent>;
