import { COBROWSE_TYPES, LIMITS } from '@loupe/schemas';
import { z } from 'zod';
import { boolParam, pageParams } from '../http/query-params.ts';

export const sessionFilters = z.strictObject({
  ...pageParams,
  userId: z.string().max(256).optional(),
  url: z.string().max(2048).optional(),
  hasAgent: boolParam.optional(),
  minDurationMs: z.coerce.number().int().min(0).optional(),
  maxDurationMs: z.coerce.number().int().min(0).optional(),
  eventType: z.enum(COBROWSE_TYPES).optional(),
  // Finding sessions (issue 17): part of a user's id or name, part of a clicked element's text or
  // name (any case each), and sessions with (true) or without (false) rage or dead clicks.
  user: z.string().min(1).max(LIMITS.shortText).optional(),
  clickText: z.string().min(1).max(LIMITS.shortText).optional(),
  rageClicks: boolParam.optional(),
  deadClicks: boolParam.optional(),
});

export const eventFilters = z.strictObject({
  ...pageParams,
  limit: z.coerce.number().int().min(1).max(10_000).optional(),
  type: z
    .string()
    .transform((s) => s.split(','))
    .pipe(z.array(z.enum(COBROWSE_TYPES)))
    .optional(),
});

export const replayFilters = z.strictObject({
  from: pageParams.from,
  to: pageParams.to,
  snapshot: boolParam.optional(),
});

/** `/v1/sessions/:id`: the recorder's session ids. */
export const sessionIdParams = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/),
});
