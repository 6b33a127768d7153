import { z } from 'zod';
import { LIMITS } from './limits.ts';
import { LONE_SURROGATE_MESSAGE, isWellFormedText, refineWellFormed } from './well-formed.ts';

/** A required identifier: non-empty, bounded, no control characters that break logs and CSV. */
export const id = z
  .string()
  .min(1, 'must not be empty')
  .max(LIMITS.idLength)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the pattern exists to refuse control characters
  .regex(/^[^\u0000-\u001f\u007f]*$/, 'must not contain control characters')
  .refine(isWellFormedText, LONE_SURROGATE_MESSAGE);

/** Bounded text; `max` defaults to LIMITS.text. Empty is allowed where a field may be blank. */
export const text = (max: number = LIMITS.text) => z.string().max(max).refine(isWellFormedText, LONE_SURROGATE_MESSAGE);

/** An absolute http(s) URL, as a page or an integration endpoint has. */
export const url = z
  .string()
  .max(LIMITS.urlLength)
  .refine((s) => /^https?:\/\//i.test(s) && URL.canParse(s), 'must be an absolute http(s) URL')
  .refine(isWellFormedText, LONE_SURROGATE_MESSAGE);

/** Any JSON value whose serialised form stays within `max` characters. */
export const boundedJson = (max: number = LIMITS.dataJson) =>
  z
    .json()
    .refine((v) => JSON.stringify(v).length <= max, `must serialise to at most ${max} characters`)
    .superRefine((v, ctx) => refineWellFormed(v, ctx));
