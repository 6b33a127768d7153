import { z } from 'zod';

/** POST /v1/sql's body: one query, at most 100,000 characters. */
export const sqlRequest = z.strictObject({ query: z.string().min(1).max(100_000) });
