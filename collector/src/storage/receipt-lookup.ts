import type { ClickHouseClient } from '@clickhouse/client';
import { BATCH_TABLE, chInt } from '@loupe/schemas';
import { z } from 'zod';

export interface BatchKey {
  tenantId: string;
  sessionId: string;
  seq: number;
}

const keyOf = (k: BatchKey) => `${k.tenantId}\u0000${k.sessionId}\u0000${k.seq}`;
const receiptRow = z.object({ tenant_id: z.string(), session_id: z.string(), seq: chInt });

/**
 * Answers "is this recorder batch already stored?" for many batches with one query: keys asked
 * for while a lookup is running wait for the next one, so the database sees one small read per
 * round instead of one per request. The read touches only the asked sessions' granules of
 * `ingest_batches` (ordered by tenant, session, seq).
 */
export class ReceiptLookup {
  #queued = new Map<string, { key: BatchKey; resolvers: ((stored: boolean) => void)[]; rejecters: ((e: unknown) => void)[] }>();
  #running: Promise<void> | undefined;

  constructor(private readonly client: ClickHouseClient) {}

  isStored(key: BatchKey): Promise<boolean> {
    return new Promise((resolve, reject) => {
      const k = keyOf(key);
      const entry = this.#queued.get(k) ?? { key, resolvers: [], rejecters: [] };
      entry.resolvers.push(resolve);
      entry.rejecters.push(reject);
      this.#queued.set(k, entry);
      this.#running ??= this.#drain();
    });
  }

  async #drain(): Promise<void> {
    // Let the requests of this tick join the round before it starts.
    await new Promise((r) => setImmediate(r));
    while (this.#queued.size > 0) {
      const round = this.#queued;
      this.#queued = new Map();
      try {
        const found = await this.#query([...round.values()].map((e) => e.key));
        for (const [k, e] of round) for (const r of e.resolvers) r(found.has(k));
      } catch (err) {
        for (const e of round.values()) for (const r of e.rejecters) r(err);
      }
    }
    this.#running = undefined;
  }

  async #query(keys: BatchKey[]): Promise<Set<string>> {
    const result = await this.client.query({
      query: `SELECT tenant_id, session_id, seq FROM ${BATCH_TABLE}
              WHERE tenant_id IN {tenants:Array(String)} AND session_id IN {sessions:Array(String)}
                AND seq IN {seqs:Array(UInt32)}`,
      query_params: {
        tenants: [...new Set(keys.map((k) => k.tenantId))],
        sessions: [...new Set(keys.map((k) => k.sessionId))],
        seqs: [...new Set(keys.map((k) => k.seq))],
      },
      format: 'JSONEachRow',
    });
    // The three IN lists over-approximate the keys (their cross product); the set keeps exact matches.
    const rows = await result.json();
    return new Set(rows.map((r) => receiptRow.parse(r)).map((r) => keyOf({ tenantId: r.tenant_id, sessionId: r.session_id, seq: r.seq })));
  }
}
