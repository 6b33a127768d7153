import { z } from 'zod';
import { MAX_PAGE_SIZE } from '../storage/queries/page.ts';

export const boolParam = z.enum(['true', 'false']).transform((s) => s === 'true');

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/**
 * A time filter: ISO 8601 with a zone, or a bare date (seed 000 picks From and To dates), which
 * means the whole UTC day: its first millisecond for `from`, its last for `to`.
 */
function timeParam(end: 'from' | 'to') {
  return z
    .string()
    .refine(
      (s) => DATE_ONLY.test(s) || z.iso.datetime({ offset: true }).safeParse(s).success,
      'must be an ISO 8601 time with a zone, or a date YYYY-MM-DD',
    )
    .transform((s) => {
      const ms = Date.parse(DATE_ONLY.test(s) ? `${s}T00:00:00Z` : s);
      return DATE_ONLY.test(s) && end === 'to' ? ms + DAY_MS - 1 : ms;
    })
    .refine((ms) => Number.isFinite(ms), 'is not a real date');
}

export const pageParams = {
  from: timeParam('from').optional(),
  to: timeParam('to').optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
  cursor: z.string().max(512).optional(),
  /**
   * The months archived to Parquet (seed 000): true reads all, false none; left out, those the
   * time range covers (slower for them, since those files have no index).
   */
  includeArchived: boolParam.optional(),
};
