import { z } from 'zod';
import { LIMITS } from './limits.ts';
import { text } from './text.ts';
import { REPLAY_PLUGIN } from './wire.ts';

const CONSOLE_LIMITS = LIMITS.consoleEntry;

export { REPLAY_PLUGIN };

export const CONSOLE_LEVELS = ['error', 'warn', 'log', 'info'] as const;

/** One console call or uncaught error on the recorded page; masked and truncated by the recorder. */
export const consoleEntry = z.strictObject({
  level: z.enum(CONSOLE_LEVELS),
  payload: z.array(text(CONSOLE_LIMITS.argLength)).max(CONSOLE_LIMITS.args + 1),
  trace: z.array(text(CONSOLE_LIMITS.traceLineLength)).max(CONSOLE_LIMITS.traceLines),
});
export type ConsoleEntry = z.infer<typeof consoleEntry>;

/** A query value, a fragment or credentials: what a network entry's URL must not carry. */
const URL_WITH_VALUES = /[?&][^=&#]*=[^&#]|#|\/\/[^/?#]*@/;

/**
 * One fetch or XMLHttpRequest, timed: never a header or a body, and the URL without its query's
 * values (the names stay: they say which endpoint was asked), so the collector refuses a URL
 * carrying any, whatever sent it.
 */
export const networkEntry = z.strictObject({
  initiator: z.enum(['fetch', 'xhr']),
  method: z
    .string()
    .min(1)
    .max(16)
    .regex(/^[A-Za-z-]+$/, 'must be an HTTP method'),
  url: text(LIMITS.urlLength).refine(
    (u) => !URL_WITH_VALUES.test(u),
    'must carry no query values, fragment or credentials',
  ),
  /** 0: no answer (network error, aborted, refused by CORS). */
  status: z.number().int().min(0).max(999),
  durationMs: z.number().min(0).max(LIMITS.recorderSkewMs),
});
export type NetworkEntry = z.infer<typeof networkEntry>;

/** The `data` of a replay event of type 6: only the plugins above, with their payload's shape. */
export const replayPluginData = z.discriminatedUnion('plugin', [
  z.strictObject({ plugin: z.literal(REPLAY_PLUGIN.console), payload: consoleEntry }),
  z.strictObject({ plugin: z.literal(REPLAY_PLUGIN.network), payload: networkEntry }),
]);
export type ReplayPluginData = z.infer<typeof replayPluginData>;
