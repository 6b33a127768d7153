import { rowId } from '../ids/row-id.ts';
import type { ChainFields } from '@loupe/schemas';
import { linkHash } from './chain-hash.ts';

/** What the batch writer asks of a table that must be stamped in insert order. */
export interface RowStamper {
  /** Stamps rows in the order given; `commit` once their insert succeeded (a failed insert moves no chain head). */
  stamp(rows: object[]): { rows: object[]; commit(): void };
}

/**
 * Chains a table's rows per tenant in the order they are inserted. Each insert lane of each
 * collector process writes a chain of its own (a fresh `chain_id` per lane and start), so inserts
 * running side by side and several collectors never contend for one chain head, and a restart
 * needs no read of the last head.
 */
export class AuditChain<Row extends { tenant_id: string }> implements RowStamper {
  readonly chainId = rowId();
  readonly #heads = new Map<string, { seq: number; hash: string }>();

  constructor(
    private readonly content: (row: Row) => string,
    private readonly key?: string,
  ) {}

  stamp(input: object[]) {
    const heads = new Map(this.#heads);
    // Stamped in place: the rows are the writer's own, and a copy of each was a tenth of a
    // platform request's CPU. Stamping the same rows again (a retry) overwrites the fields.
    const rows = input as (Row & Partial<ChainFields>)[];
    for (const row of rows) {
      const head = heads.get(row.tenant_id) ?? { seq: 0, hash: '' };
      row.chain_id = this.chainId;
      row.chain_seq = head.seq + 1;
      row.prev_hash = head.hash;
      row.row_hash = linkHash(head.hash, this.content(row), this.key);
      heads.set(row.tenant_id, { seq: row.chain_seq, hash: row.row_hash });
    }
    return {
      rows,
      commit: () => {
        for (const [t, h] of heads) this.#heads.set(t, h);
      },
    };
  }
}
