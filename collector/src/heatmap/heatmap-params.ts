import { LIMITS } from '@loupe/schemas';
import { z } from 'zod';
import { pageParams } from '../http/query-params.ts';

const DAY_MS = 86_400_000;
/** The last 30 days unless given, as the overview; at most 400, which bounds the scan. */
const DEFAULT_DAYS = 30;
const MAX_DAYS = 400;

export const heatmapQuery = z
  .strictObject({ from: pageParams.from, to: pageParams.to, url: z.string().max(LIMITS.urlLength).optional() })
  .transform((q, ctx) => {
    const to = q.to ?? Date.now();
    const from = q.from ?? to - DEFAULT_DAYS * DAY_MS;
    if (from > to) ctx.addIssue({ code: 'custom', path: ['from'], message: 'must not be after to' });
    if (to - from > MAX_DAYS * DAY_MS)
      ctx.addIssue({ code: 'custom', path: ['from'], message: `the range may span at most ${MAX_DAYS} days` });
    return { from, to, url: q.url || null };
  });
export type HeatmapRange = z.output<typeof heatmapQuery>;
