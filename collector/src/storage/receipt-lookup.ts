import type { ClickHouseClient } from '@clickhouse/client';
import { BATCH_TABLE, COBROWSE_TABLE, REPLAY_TABLE, chInt } from '@loupe/schemas';
import { z } from 'zod';
import { StorageError } from './errors.ts';

export interface BatchKey {
  tenantId: string;
  sessionId: string;
  seq: number;
}

/** What of a recorder batch is already stored: its receipt, and rows in each of its tables. */
export interface BatchState {
  receipt: boolean;
  events: boolean;
  replay: boolean;
}

const keyOf = (k: BatchKey) => `${k.tenantId}\u0000${k.sessionId}\u0000${k.seq}`;
const foundRow = z.object({
  what: z.enum(['receipt', 'events', 'replay']),
  tenant_id: z.string(),
  session_id: z.string(),
  seq: chInt,
});

/**
 * Answers "what of these recorder batches is stored?" for many batches with one query (the
 * recorder sink asks once per round of its lookup stage, so the database sees one small read per
 * round instead of one per request). Each table is sorted by (tenant, session, ...), so the read
 * touches only the asked sessions' granules. Knowing which tables already hold a batch's rows
 * (not just whether its receipt exists) is what lets a batch retried after a crash between its
 * inserts be completed instead of stored twice.
 */
export class ReceiptLookup {
  constructor(private readonly client: ClickHouseClient) {}

  /** The state of each of `keys` (by tenant, session and seq joined with NUL), in one query. */
  async states(keys: readonly BatchKey[]): Promise<Map<string, BatchState>> {
    const found = keys.length ? await this.#query([...keys]) : new Set<string>();
    return new Map(
      keys.map((key) => {
        const k = keyOf(key);
        const has = (what: string) => found.has(`${what}\u0000${k}`);
        return [k, { receipt: has('receipt'), events: has('events'), replay: has('replay') }];
      }),
    );
  }

  async #query(keys: BatchKey[]): Promise<Set<string>> {
    try {
      return await this.#read(keys);
    } catch (cause) {
      throw new StorageError('STORAGE_QUERY_FAILED', `receipt lookup failed: ${(cause as Error).message}`, { cause });
    }
  }

  async #read(keys: BatchKey[]): Promise<Set<string>> {
    const where =
      'tenant_id IN {tenants:Array(String)} AND session_id IN {sessions:Array(String)} AND seq IN {seqs:Array(UInt32)}';
    const result = await this.client.query({
      query: `SELECT 'receipt' AS what, tenant_id, session_id, seq FROM ${BATCH_TABLE} WHERE ${where}
              UNION ALL SELECT DISTINCT 'events' AS what, tenant_id, session_id, seq FROM ${COBROWSE_TABLE} WHERE ${where}
              UNION ALL SELECT DISTINCT 'replay' AS what, tenant_id, session_id, seq FROM ${REPLAY_TABLE} WHERE ${where}`,
      query_params: {
        tenants: [...new Set(keys.map((k) => k.tenantId))],
        sessions: [...new Set(keys.map((k) => k.sessionId))],
        seqs: [...new Set(keys.map((k) => k.seq))],
      },
      format: 'JSONEachRow',
    });
    // The IN lists over-approximate the keys (their cross product); exact keys are matched here.
    const rows = (await result.json()).map((r) => foundRow.parse(r));
    return new Set(
      rows.map((r) => `${r.what}\u0000${keyOf({ tenantId: r.tenant_id, sessionId: r.session_id, seq: r.seq })}`),
    );
  }
}
