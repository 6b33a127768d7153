import { v7 as uuidv7 } from 'uuid';
import type { ChainFields } from '@loupe/schemas';
import { linkHash } from './chain-hash.ts';

/** What the batch writer asks of a table that must be stamped in insert order. */
export interface RowStamper {
  /** Stamps rows in the order given; `commit` once their insert succeeded (a failed insert moves no chain head). */
  stamp(rows: object[]): { rows: object[]; commit(): void };
}

/**
 * Chains a table's rows per tenant in the order they are inserted. Each collector process writes
 * a chain of its own (a fresh `chain_id` per start), so several collectors never contend for one
 * chain head, and a restart needs no read of the last head.
 */
export class AuditChain<Row extends { tenant_id: string }> implements RowStamper {
  readonly chainId = uuidv7();
  readonly #heads = new Map<string, { seq: number; hash: string }>();

  constructor(
    private readonly content: (row: Row) => string,
    private readonly key?: string,
  ) {}

  stamp(input: object[]) {
    const heads = new Map(this.#heads);
    const rows = (input as Row[]).map((row) => {
      const head = heads.get(row.tenant_id) ?? { seq: 0, hash: '' };
      const fields: ChainFields = {
        chain_id: this.chainId,
        chain_seq: head.seq + 1,
        prev_hash: head.hash,
        row_hash: linkHash(head.hash, this.content(row), this.key),
      };
      heads.set(row.tenant_id, { seq: fields.chain_seq, hash: fields.row_hash });
      return { ...row, ...fields };
    });
    return {
      rows,
      commit: () => {
        for (const [t, h] of heads) this.#heads.set(t, h);
      },
    };
  }
}
