import { z } from 'zod';
import { chInt } from './row.ts';

/**
 * Tamper evidence for audit rows. Each row carries its place in a chain (one chain per tenant and
 * writing process), the hash of the row before it, and its own hash over both: changing,
 * removing or inserting a row breaks the chain at that row.
 */
export const CHAIN_COLUMNS = `chain_id String DEFAULT '',
    chain_seq UInt64 DEFAULT 0,
    prev_hash String DEFAULT '',
    row_hash String DEFAULT ''`;

export interface ChainFields {
  chain_id: string;
  chain_seq: number;
  prev_hash: string;
  row_hash: string;
}

export const chainRow = z.object({
  chain_id: z.string(),
  chain_seq: chInt,
  prev_hash: z.string(),
  row_hash: z.string(),
});
export const CHAIN_SELECT = 'chain_id, chain_seq, prev_hash, row_hash';

/** Content as one unambiguous string: JSON of the fields in a fixed order. */
export const chainContent = (fields: readonly (string | number)[]) => JSON.stringify(fields);
