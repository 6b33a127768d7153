import {
  BATCH_TABLE,
  COBROWSE_TABLE,
  REPLAY_TABLE,
  toBatchRow,
  toCobrowseRow,
  toReplayChunkRow,
  type RecorderBatch,
} from '@loupe/schemas';
import type { BatchWriter } from './batch-writer.ts';
import { ReceiptLookup, type BatchKey } from './receipt-lookup.ts';
import type { ClickHouseClient } from '@clickhouse/client';

export type StoreOutcome = 'stored' | 'duplicate';

/**
 * Stores recorder batches exactly once per (tenant, session, seq). A batch's events and replay
 * are written first and its receipt last, so a crash in between leaves rows without a receipt,
 * never a receipt without rows (which would lose the retry); the retry then writes only the
 * tables that lack the batch's rows. Two copies arriving at once share one write.
 */
export class RecorderSink {
  readonly #receipts: ReceiptLookup;
  readonly #inflight = new Map<string, Promise<StoreOutcome>>();

  constructor(
    client: ClickHouseClient,
    private readonly writer: BatchWriter,
    private readonly now: () => number = Date.now,
    /** Told of every batch once it is stored (not of duplicates): the live view's source. */
    private readonly onStored?: (tenantId: string, batch: RecorderBatch) => void,
  ) {
    this.#receipts = new ReceiptLookup(client);
  }

  store(tenantId: string, batch: RecorderBatch): Promise<StoreOutcome> {
    const key: BatchKey = { tenantId, sessionId: batch.sessionId, seq: batch.seq };
    const k = `${tenantId}\u0000${batch.sessionId}\u0000${batch.seq}`;
    const running = this.#inflight.get(k);
    if (running) return running.then(() => 'duplicate');
    const p = this.#store(key, batch).finally(() => this.#inflight.delete(k));
    this.#inflight.set(k, p);
    return p;
  }

  async #store(key: BatchKey, batch: RecorderBatch): Promise<StoreOutcome> {
    const stored = await this.#receipts.state(key);
    if (stored.receipt) return 'duplicate';
    const chunk = toReplayChunkRow(key.tenantId, batch, batch.replay);
    await Promise.all([
      stored.events
        ? undefined
        : this.writer.write(
            COBROWSE_TABLE,
            batch.events.map((e, i) => toCobrowseRow(key.tenantId, batch, e, i)),
          ),
      stored.replay || !chunk ? undefined : this.writer.write(REPLAY_TABLE, [chunk]),
    ]);
    await this.writer.write(BATCH_TABLE, [toBatchRow(key.tenantId, batch, this.now())]);
    this.onStored?.(key.tenantId, batch);
    return 'stored';
  }
}
