import { z } from 'zod';
import { LIMITS } from './limits.ts';

/** A required identifier: non-empty, bounded, no control characters that break logs and CSV. */
export const id = z
  .string()
  .min(1, 'must not be empty')
  .max(LIMITS.idLength)
  .regex(/^[^\u0000-\u001f\u007f]*$/, 'must not contain control characters');

/** Bounded text; `max` defaults to LIMITS.text. Empty is allowed where a field may be blank. */
export const text = (max: number = LIMITS.text) => z.string().max(max);

/** An absolute http(s) URL, as a page or an integration endpoint has. */
export const url = z
  .string()
  .max(LIMITS.urlLength)
  .refine((s) => /^https?:\/\//i.test(s) && URL.canParse(s), 'must be an absolute http(s) URL');

/** Any JSON value whose serialised form stays within `max` characters. */
export const boundedJson = (max: number = LIMITS.dataJson) =>
  z.json().refine((v) => JSON.stringify(v).length <= max, `must serialise to at most ${max} characters`);
