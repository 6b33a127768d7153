import { z } from 'zod';
import { epochMs } from './time.ts';
import { refineWellFormed } from './well-formed.ts';

/**
 * rrweb's event types (@rrweb/types EventType). Loupe stores rrweb events as they are, so only the
 * envelope is checked here; `data` is rrweb's own and the replayer is its judge.
 */
export const RRWEB_EVENT_TYPE = {
  DomContentLoaded: 0,
  Load: 1,
  FullSnapshot: 2,
  IncrementalSnapshot: 3,
  Meta: 4,
  Custom: 5,
  Plugin: 6,
} as const;

// rrweb's data is free-form, but it is stored as text, so every string in it must be Unicode.
export const replayEvent = z
  .looseObject({
    type: z.number().int().min(0).max(6),
    timestamp: epochMs,
    data: z.unknown(),
  })
  .superRefine((e, ctx) => refineWellFormed(e, ctx));
export type ReplayEvent = z.infer<typeof replayEvent>;
