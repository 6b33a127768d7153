import { AUDIT_TABLE, CHANGE_AUDIT_TABLE } from '@loupe/schemas';
import { z } from 'zod';
import type { ChainedTable } from './verify-chain.ts';

/** GET /v1/integrity/verify: one chained table, or both when left out. */
export const integrityQuery = z.strictObject({
  table: z.enum([AUDIT_TABLE, CHANGE_AUDIT_TABLE] as [ChainedTable, ChainedTable]).optional(),
});
