import type { ClickHouseClient } from '@clickhouse/client';
import {
  AUDIT_CHAIN_SELECT,
  AUDIT_TABLE,
  CHAIN_SELECT,
  CHANGE_AUDIT_CHAIN_SELECT,
  CHANGE_AUDIT_TABLE,
  auditChainContent,
  chainRow,
  changeAuditChainContent,
} from '@loupe/schemas';
import { z } from 'zod';
import type { ArchiveFiles } from '../archive/archive-files.ts';
import { withArchive } from '../archive/archived-source.ts';
import { selectRows } from '../storage/queries/select.ts';
import { linkHash } from './chain-hash.ts';

export type ChainedTable = typeof AUDIT_TABLE | typeof CHANGE_AUDIT_TABLE;

/** How to rebuild each chained table's content from its stored row. */
const CHAINED: Record<ChainedTable, { select: string; content: (r: never) => string }> = {
  [AUDIT_TABLE]: { select: AUDIT_CHAIN_SELECT, content: auditChainContent },
  [CHANGE_AUDIT_TABLE]: { select: CHANGE_AUDIT_CHAIN_SELECT, content: changeAuditChainContent },
};

export interface ChainProblem {
  chainId: string;
  /** Where the row stands in its chain (or would have stood, for a removed one). */
  seq: number;
  /** The row at fault; for a removal, the row found where the removed one should be. */
  id: string;
  kind: 'changed' | 'removed' | 'inserted out of order';
  message: string;
}

export interface ChainReport {
  table: ChainedTable;
  ok: boolean;
  rowsChecked: number;
  chains: number;
  firstProblem: ChainProblem | null;
}

const PAGE = 5_000;
const anyRow = chainRow.extend({ id: z.string() }).catchall(z.unknown());

/**
 * Walks a tenant's chains in order and reports the first row that was changed (its hash no longer
 * matches its content), removed (a gap in the sequence) or inserted out of order (its link does
 * not follow the row before it). Reads page by page, so any size of table is checked in bounded memory.
 */
export async function verifyChain(
  client: ClickHouseClient,
  table: ChainedTable,
  tenantId: string,
  options: { key?: string; archive?: ArchiveFiles } = {},
): Promise<ChainReport> {
  const spec = CHAINED[table];
  // Archiving moves old rows out of the table; the chain runs through them, so read both.
  const source = await withArchive(client, options.archive, tenantId, table);
  const report: ChainReport = { table, ok: true, rowsChecked: 0, chains: 0, firstProblem: null };
  let prev: { chainId: string; seq: number; hash: string } | undefined;
  let after = { chain: '', seq: 0 };
  for (;;) {
    const { rows } = await selectRows(
      client,
      {
        sql: `SELECT ${spec.select}, ${CHAIN_SELECT} FROM ${source.sql}
              WHERE tenant_id = {tenant:String} AND chain_id != '' AND (chain_id, chain_seq) > ({c:String}, {s:UInt64})
              ORDER BY chain_id, chain_seq LIMIT ${PAGE}`,
        params: { ...source.params, tenant: tenantId, c: after.chain, s: after.seq },
      },
      anyRow,
    );
    for (const r of rows) {
      const problem = check(r, prev, spec.content, options.key);
      report.rowsChecked++;
      if (!prev || prev.chainId !== r.chain_id) report.chains++;
      if (problem) return { ...report, ok: false, firstProblem: problem };
      prev = { chainId: r.chain_id, seq: r.chain_seq, hash: r.row_hash };
    }
    if (rows.length < PAGE) return report;
    const last = rows.at(-1)!;
    after = { chain: last.chain_id, seq: last.chain_seq };
  }
}

/** The checks, in the order that names the cause best: content first, then sequence, then link. */
function check(
  r: z.infer<typeof anyRow>,
  prev: { chainId: string; seq: number; hash: string } | undefined,
  content: (r: never) => string,
  key?: string,
): ChainProblem | null {
  const at = { chainId: r.chain_id, seq: r.chain_seq, id: r.id };
  const sameChain = prev?.chainId === r.chain_id;
  const expectedSeq = sameChain ? prev!.seq + 1 : 1;
  if (linkHash(r.prev_hash, content(r as never), key) !== r.row_hash) {
    return { ...at, kind: 'changed', message: `row ${r.id} no longer matches its hash: its content was changed` };
  }
  if (r.chain_seq > expectedSeq) {
    return {
      ...at,
      seq: expectedSeq,
      kind: 'removed',
      message: `row ${expectedSeq} of chain ${r.chain_id} is missing (the next row found is ${r.chain_seq})`,
    };
  }
  if (r.chain_seq < expectedSeq || r.prev_hash !== (sameChain ? prev!.hash : '')) {
    return {
      ...at,
      kind: 'inserted out of order',
      message: `row ${r.id} does not follow the row before it in chain ${r.chain_id}`,
    };
  }
  return null;
}
