import { CONSOLE_LIMITS } from '@loupe/schemas/wire';

/** E-mail addresses, and runs of 13-19 digits (spaces or dashes between) as card numbers have. */
const PERSONAL = /[^\s@"'<>(),;:/?=&]+@[^\s@"'<>(),;:]+\.[a-z]{2,}|\b\d(?:[ -]?\d){12,18}\b/gi;
/** Values of an object described before the rest is left out. */
const VALUES = 40;

/** Masks what looks like an e-mail address or a card number, keeping the text around it. */
export const maskPersonal = (s: string) => s.replace(PERSONAL, (m) => m.replace(/[^@.\s-]/g, '*'));

/**
 * At most `max` characters, and well-formed: the collector refuses a lone surrogate (the batch
 * with it), so a cut never splits a pair and a lone one the page logged is replaced.
 */
export function truncate(s: string, max: number): string {
  const t = s.length > max ? `${s.slice(0, max - 1).replace(/[\uD800-\uDBFF]$/, '')}…` : s;
  return (t as { toWellFormed?: () => string }).toWellFormed?.() ?? t;
}

/**
 * What a console argument is recorded as: display text. Objects go through JSON.stringify with a
 * replacer that stops after VALUES values, so a large state object logged on every frame costs a
 * few dozen steps, not a walk of all of it; a cycle falls back to the object's kind.
 */
function describe(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'function') return `ƒ ${v.name}`;
  if (v instanceof Error) return `${v.name}: ${v.message}`;
  let n = 0;
  try {
    return JSON.stringify(v, (_k, x: unknown) => (++n > VALUES ? undefined : x)) ?? String(v);
  } catch {
    return Object.prototype.toString.call(v); // a cycle, a BigInt, a getter that throws
  }
}

/** A console call's arguments as recorded: at most `args` of them, each text of at most `argLength`. */
export function consoleArgs(args: readonly unknown[], mask: (s: string) => string): string[] {
  const out = args.slice(0, CONSOLE_LIMITS.args).map((a) => truncate(mask(describe(a)), CONSOLE_LIMITS.argLength));
  if (args.length > CONSOLE_LIMITS.args) out.push(`…${args.length - CONSOLE_LIMITS.args} more`);
  return out;
}

/** An error's stack as recorded: its frames (not the message line, which the payload has), bounded. */
export function stackLines(error: unknown, mask: (s: string) => string): string[] {
  const stack = (error as Error | undefined)?.stack;
  if (typeof stack !== 'string') return [];
  return stack
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /:\d+/.test(l)) // frames name a line (Chrome's "at f (a.js:1:2)", Firefox's "f@a.js:1:2")
    .slice(0, CONSOLE_LIMITS.traceLines)
    .map((l) => truncate(mask(l), CONSOLE_LIMITS.traceLineLength));
}
