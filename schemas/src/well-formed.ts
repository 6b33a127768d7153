import type { z } from 'zod';

/**
 * A lone UTF-16 surrogate (half of a pair, e.g. "\ud800"). JSON allows it, JavaScript strings hold it,
 * but it is not Unicode: ClickHouse refuses a row holding a lone high surrogate ("missing second part
 * of surrogate pair", probed on chDB) and stores a lone low one as bytes that are not UTF-8. With
 * the `u` flag a regex sees a well-formed pair as one code point, so only lone halves match.
 */
const LONE_SURROGATE = /\p{Cs}/u;
export const LONE_SURROGATE_MESSAGE = 'must not contain a lone UTF-16 surrogate (e.g. \\ud800)';

export const isWellFormedText = (s: string): boolean => !LONE_SURROGATE.test(s);

/**
 * The path of the first string (value or object key) in `value` that holds a lone surrogate, or
 * undefined. For free-form JSON (rrweb data, audit configuration) that no field schema describes.
 * The path is built on the way back up, so a clean full snapshot allocates nothing per node.
 */
export function illFormedPath(value: unknown): (string | number)[] | undefined {
  if (typeof value === 'string') return isWellFormedText(value) ? undefined : [];
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = illFormedPath(value[i]);
      if (p) return [i, ...p];
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const k in value) {
      if (!isWellFormedText(k)) return [k];
      const p = illFormedPath((value as Record<string, unknown>)[k]);
      if (p) return [k, ...p];
    }
  }
  return undefined;
}

/** A superRefine step that reports the first lone surrogate inside free-form JSON, by its path. */
export function refineWellFormed(value: unknown, ctx: z.RefinementCtx, at: (string | number)[] = []): void {
  const p = illFormedPath(value);
  if (p) ctx.addIssue({ code: 'custom', path: [...at, ...p], message: LONE_SURROGATE_MESSAGE });
}
