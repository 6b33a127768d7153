/**
 * A `\uD800`-`\uDFFF` escape anywhere: a lone surrogate can only enter a JSON text decoded from
 * valid UTF-8 this way. A well-formed pair matches too (and an escaped backslash before "ud8..."),
 * which only costs such a body the full walk (schemas/well-formed.ts) instead of this shortcut.
 */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

export type ReplayScan =
  | { kind: 'text'; replayJson: string }
  /** Not for the shortcut (no single top-level replay array, or a surrogate escape): walk it as before. */
  | { kind: 'walk' }
  | { kind: 'too deep' };

/**
 * One pass over a JSON text that JSON.parse has accepted (so its syntax is not checked again):
 * whether it nests deeper than `maxDepth` (counted as read-body.ts's checkDepth counts: the outer
 * object is level 1), and the exact text of the top-level object's `replay` array. That text is
 * what gets stored, so the replay is never stringified again and its events never walked.
 */
export function scanReplay(text: string, maxDepth: number): ReplayScan {
  if (SURROGATE_ESCAPE.test(text)) return { kind: 'walk' };
  const n = text.length;
  let depth = 0;
  let start = -1;
  let end = -1;
  let keys = 0;
  // A plain loop with indexOf over strings: no match objects, strings (most of rrweb's bytes) skipped natively.
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      let close = text.indexOf('"', i + 1);
      while (close > 0 && escaped(text, close)) close = text.indexOf('"', close + 1);
      if (close < 0) return { kind: 'walk' };
      if (depth === 1 && close - i === 7 && text.startsWith('replay', i + 1)) {
        const colon = skipSpace(text, close + 1);
        if (text.charCodeAt(colon) === 0x3a) {
          const value = skipSpace(text, colon + 1);
          keys++;
          start = text.charCodeAt(value) === 0x5b ? value : -1;
          end = -1;
        }
      }
      i = close;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) return { kind: 'too deep' };
    } else if (c === 0x7d || c === 0x5d) {
      if (--depth === 1 && c === 0x5d && start >= 0 && end < 0) end = i + 1;
    }
  }
  // JSON.parse keeps the last of repeated keys; rather than follow it, such a body takes the walk.
  if (keys !== 1 || start < 0 || end < 0) return { kind: 'walk' };
  return { kind: 'text', replayJson: text.slice(start, end) };
}

/** Whether the quote at `at` is escaped: an odd run of backslashes before it. */
function escaped(text: string, at: number): boolean {
  let k = at - 1;
  while (text.charCodeAt(k) === 0x5c) k--;
  return (at - 1 - k) % 2 === 1;
}

function skipSpace(text: string, from: number): number {
  let i = from;
  for (let c = text.charCodeAt(i); c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = text.charCodeAt(++i));
  return i;
}
