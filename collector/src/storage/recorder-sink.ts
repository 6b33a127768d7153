import {
  BATCH_TABLE,
  COBROWSE_TABLE,
  REPLAY_TABLE,
  toBatchRow,
  toCobrowseRow,
  toReplayChunkRow,
  type RecorderBatch,
} from '@loupe/schemas';
import type { ClickHouseClient } from '@clickhouse/client';
import type { BatchWriter } from './batch-writer.ts';
import { ReceiptLookup, type BatchKey, type BatchState } from './receipt-lookup.ts';

export type StoreOutcome = 'stored' | 'duplicate';

/**
 * Flushes under way at once: one can look its receipts up while the one before it inserts, and no
 * more, so that a slow engine makes batches wait in larger flushes instead of in more queries.
 */
const FLUSHES_AT_ONCE = 2;

interface Queued {
  key: BatchKey;
  batch: RecorderBatch;
  resolve: (o: StoreOutcome) => void;
  reject: (e: unknown) => void;
}

const keyOf = (k: BatchKey) => `${k.tenantId}\u0000${k.sessionId}\u0000${k.seq}`;

/**
 * Stores recorder batches exactly once per (tenant, session, seq), in flushes: every batch that
 * arrived while the previous flush ran is looked up with one query, the round's events and replay
 * chunks go into one insert per table side by side, then the receipts of the batches whose rows were
 * stored in one more. Receipts come last so that rows storage refuses never leave a receipt (the
 * session summary counts receipts). A batch counts as stored only when every part it has is in
 * storage: a crash between the inserts leaves some parts, and the retry writes exactly the missing
 * ones. Two copies arriving at once share one write; two flushes overlap (FLUSHES_AT_ONCE).
 */
export class RecorderSink {
  readonly #receipts: ReceiptLookup;
  readonly #inflight = new Map<string, Promise<StoreOutcome>>();
  #queue: Queued[] = [];
  #flushing = 0;
  #scheduled = false;

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
    const k = keyOf(key);
    const running = this.#inflight.get(k);
    if (running) return running.then(() => 'duplicate');
    const p = new Promise<StoreOutcome>((resolve, reject) => this.#queue.push({ key, batch, resolve, reject })).finally(
      () => this.#inflight.delete(k),
    );
    this.#inflight.set(k, p);
    this.#schedule();
    return p;
  }

  /** The next flush starts once the requests of this tick are in, if fewer than FLUSHES_AT_ONCE run. */
  #schedule(): void {
    if (this.#scheduled || this.#flushing >= FLUSHES_AT_ONCE || this.#queue.length === 0) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      if (this.#flushing >= FLUSHES_AT_ONCE || this.#queue.length === 0) return;
      const round = this.#queue;
      this.#queue = [];
      this.#flushing++;
      void this.#flush(round).finally(() => {
        this.#flushing--;
        this.#schedule();
      });
    });
  }

  async #flush(round: Queued[]): Promise<void> {
    let states: Map<string, BatchState>;
    try {
      states = await this.#receipts.states(round.map((q) => q.key));
    } catch (e) {
      for (const q of round) q.reject(e);
      return;
    }
    // One insert per table for the whole round; each batch still settles on its own rows' fate.
    const rows = round.map((q) => this.#writeRows(q, states.get(keyOf(q.key))!));
    this.writer.flushNow([COBROWSE_TABLE, REPLAY_TABLE]);
    const receipts = await Promise.all(rows);
    const written = receipts.map((r) => r?.());
    this.writer.flushNow([BATCH_TABLE]);
    await Promise.allSettled(written);
  }

  /**
   * Hands the writer the rows of one batch that storage lacks. Answers, once they are stored, how
   * to write its receipt (null when the batch is settled already: a duplicate, or refused).
   */
  async #writeRows(q: Queued, stored: BatchState): Promise<(() => Promise<void>) | null> {
    const { key, batch } = q;
    const chunk = toReplayChunkRow(key.tenantId, batch, batch.replay, batch.replayJson);
    const missingEvents = batch.events.length > 0 && !stored.events;
    const missingReplay = chunk !== null && !stored.replay;
    if (stored.receipt && !missingEvents && !missingReplay) {
      q.resolve('duplicate');
      return null;
    }
    try {
      await Promise.all([
        missingEvents
          ? this.writer.write(
              COBROWSE_TABLE,
              batch.events.map((e, i) => toCobrowseRow(key.tenantId, batch, e, i)),
            )
          : undefined,
        missingReplay ? this.writer.write(REPLAY_TABLE, [chunk]) : undefined,
      ]);
    } catch (e) {
      q.reject(e);
      return null;
    }
    const done = () => {
      this.onStored?.(key.tenantId, batch);
      q.resolve('stored');
    };
    if (stored.receipt) {
      done();
      return null;
    }
    return () =>
      this.writer
        .write(BATCH_TABLE, [toBatchRow(key.tenantId, batch, this.now())])
        .then(done, (e: unknown) => q.reject(e));
  }
}
