import { z } from 'zod';
import { epochMs } from './time.ts';
import { replayPluginData } from './replay-plugin.ts';
import { refineWellFormed } from './well-formed.ts';
import { RRWEB_EVENT_TYPE } from './wire.ts';

/**
 * rrweb's event types (@rrweb/types EventType), defined in wire.ts with the recorder's other wire
 * values. Loupe stores rrweb events as they are, so only the envelope is checked here; `data` is
 * rrweb's own and the replayer is its judge.
 */
export { RRWEB_EVENT_TYPE };

// rrweb's data is free-form, but it is stored as text, so every string in it must be Unicode.
// Plugin events (type 6) are the recorder's own console and network entries: their data is ours,
// so it is checked whole (replay-plugin.ts), and a plugin we do not know is refused.
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
  .superRefine((e, ctx) => {
    refineWellFormed(e, ctx);
    if (e.type !== RRWEB_EVENT_TYPE.Plugin) return;
    const plugin = replayPluginData.safeParse(e.data);
    if (!plugin.success)
      for (const issue of plugin.error.issues)
        ctx.addIssue({ code: 'custom', path: ['data', ...issue.path], message: issue.message });
  });
export type ReplayEvent = z.infer<typeof replayEvent>;
