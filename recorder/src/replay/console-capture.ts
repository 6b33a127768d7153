import { REPLAY_PLUGIN } from '@loupe/schemas/wire';
import type { RrwebEvent } from './record-dom.ts';
import { consoleArgs, stackLines } from './console-text.ts';

const LEVELS = ['error', 'warn', 'log', 'info'] as const;
type Level = (typeof LEVELS)[number];
type Console = Record<Level, (...args: unknown[]) => void>;

/**
 * Records the page's console calls and uncaught errors as replay plugin events. A few lines of our
 * own instead of rrweb's console plugin (@rrweb/rrweb-plugin-console-record): it carries levels,
 * serialisers and stack parsing we do not ship, and its strings are JSON we would re-mask anyway.
 * Starts when the lazy chunk does (after the page's load, when idle): what the page logs before
 * that is not recorded. Answers the function that puts the console back.
 */
export function captureConsole(
  emit: (e: RrwebEvent) => void,
  mask: (s: string) => string,
  now: () => number,
): () => void {
  const c = console as unknown as Console;
  const originals = LEVELS.map((l) => c[l]);
  let inside = false;
  let on = true;
  const send = (level: Level, args: readonly unknown[], error?: unknown) => {
    // A console call made while recording one (by our own code, or a getter we read) is not recorded.
    if (inside || !on) return;
    inside = true;
    try {
      const payload = { level, payload: consoleArgs(args, mask), trace: stackLines(error, mask) };
      emit({ type: 6, timestamp: now(), data: { plugin: REPLAY_PLUGIN.console, payload } });
    } catch {
      // Best effort: the page's own call goes on whatever happened here.
    } finally {
      inside = false;
    }
  };
  const patched = LEVELS.map((level, i) => {
    const f = (...args: unknown[]) => {
      send(
        level,
        args,
        args.find((a) => a instanceof Error),
      );
      return originals[i]!.apply(console, args);
    };
    c[level] = f;
    return f;
  });
  const onError = (e: Event) => {
    const { error, message } = e as ErrorEvent;
    send('error', [error ?? message], error);
  };
  const onRejection = (e: Event) => {
    const { reason } = e as PromiseRejectionEvent;
    send('error', ['Uncaught (in promise)', reason], reason);
  };
  addEventListener('error', onError);
  addEventListener('unhandledrejection', onRejection);
  return () => {
    on = false;
    removeEventListener('error', onError);
    removeEventListener('unhandledrejection', onRejection);
    // Put back only what is still ours: a wrapper added on top of ours stays (and ours is inert).
    LEVELS.forEach((l, i) => {
      if (c[l] === patched[i]) c[l] = originals[i]!;
    });
  };
}
