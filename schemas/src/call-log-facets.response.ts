import { z } from 'zod';

/**
 * GET /v1/call-logs/facets: seed 001's "Bot name consists of all the bots that are present in the
 * account", and the same for applications, to pick a filter from instead of typing it exactly.
 */
export const callLogFacets = z.object({
  bots: z.array(z.string()),
  applications: z.array(z.string()),
});
export type CallLogFacets = z.infer<typeof callLogFacets>;
