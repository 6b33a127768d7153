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
import { stage } from './stage.ts';

export type StoreOutcome = 'stored' | 'duplicate';

interface Queued {
  key: BatchKey;
  batch: RecorderBatch;
  resolve: (o: StoreOutcome) => void;
  reject: (e: unknown) => void;
}

const keyOf = (k: BatchKey) => `${k.tenantId}\u0000${k.sessionId}\u0000${k.seq}`;

/**
 * The flush interval: rounds start at most this often. Each round costs the engine about 40 ms of
 * CPU whatever its size (its lookup about 10, each insert 3 to 5, the receipts' with the sessions
 * summary about 13), so batches arriving one by one below saturation kept both cores busy with
 * rounds of one or two. Measured with 32 paced senders: at 30 batches a second the collector's
 * CPU fell by a quarter (146-180 % to 107-147 %); at 60, median acknowledgement fell from about
 * 330 to 190 ms, p99 unchanged within noise; at the bench's maximum, 2,359 to 3,430 events a
 * second (benchmarks/RESULTS.md). A batch after a quiet spell still starts at once.
 */
const ROUND_INTERVAL_MS = 100;

/**
 * Stores recorder batches exactly once per (tenant, session, seq), in three stages that each take
 * everything waiting for them when they are free: one query looks up what of the waiting batches
 * is stored; one insert per table stores their events and replay chunks; one more stores the
 * receipts of the batches whose rows went in. While one stage works, the next batches gather
 * for it, so the stages overlap and every statement is as large as the load makes it: the engine
 * alone stores 32 batches in one insert at about twice the rate of 10 (measured on the bench's
 * batches), which is why two whole flushes at once, each half the waiting batches, were replaced.
 * A batch arriving at a quiet collector waits for no other stage's work; below saturation, batches
 * gather for at most one flush interval (ROUND_INTERVAL_MS).
 *
 * Receipts come last so that rows storage refuses never leave a receipt (the session summary
 * counts receipts). A batch counts as stored only when every part it has is in storage: a crash
 * between the inserts leaves some parts, and the retry writes exactly the missing ones. Two copies
 * arriving at once share one write.
 */
export class RecorderSink {
  readonly #receipts: ReceiptLookup;
  readonly #inflight = new Map<string, Promise<StoreOutcome>>();
  /** Each stage: the batches waiting for it, taken all at once whenever it is free (stage.ts). */
  readonly #lookUp = stage<Queued>((round) => this.#lookUpRound(round), {
    afterTick: true,
    minIntervalMs: ROUND_INTERVAL_MS,
  });
  readonly #write = stage<{ q: Queued; state: BatchState }>((round) => this.#writeRound(round));
  readonly #receipt = stage<() => Promise<void>>((round) => this.#receiptRound(round));

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
    const p = new Promise<StoreOutcome>((resolve, reject) => this.#lookUp.add({ key, batch, resolve, reject })).finally(
      () => this.#inflight.delete(k),
    );
    this.#inflight.set(k, p);
    return p;
  }

  /** Stage 1: what of the waiting batches is stored, in one query (after the requests of this tick are in). */
  async #lookUpRound(round: Queued[]): Promise<void> {
    let states: Map<string, BatchState>;
    try {
      states = await this.#receipts.states(round.map((q) => q.key));
    } catch (e) {
      for (const q of round) q.reject(e);
      return;
    }
    this.#write.add(...round.map((q) => ({ q, state: states.get(keyOf(q.key))! })));
  }

  /** Stage 2: the rows of every batch looked up and waiting, one insert per table. */
  async #writeRound(round: { q: Queued; state: BatchState }[]): Promise<void> {
    const rows = round.map(({ q, state }) => this.#writeRows(q, state));
    this.writer.flushNow([COBROWSE_TABLE, REPLAY_TABLE]);
    this.#receipt.add(...(await Promise.all(rows)).filter((r) => r !== null));
  }

  /** Stage 3: the receipts of every batch whose rows are stored, in one insert. */
  async #receiptRound(round: (() => Promise<void>)[]): Promise<void> {
    const written = round.map((write) => write());
    this.writer.flushNow([BATCH_TABLE]);
    await Promise.allSettled(written);
  }

  /**
   * Hands the writer the rows of one batch that storage lacks. Answers, once they are stored, how
   * to write its receipt (null when the batch is settled already: a duplicate, or refused).
   */
  async #writeRows(q: Queued, stored: BatchState): Promise<(() => Promise<void>) | null> {
    const { key, batch } = q;
    try {
      // Rows are built inside the catch: one batch that cannot be turned into rows fails alone,
      // instead of leaving every batch of its round without an answer.
      const chunk = toReplayChunkRow(key.tenantId, batch, batch.replay, batch.replayJson);
      const missingEvents = batch.events.length > 0 && !stored.events;
      const missingReplay = chunk !== null && !stored.replay;
      if (stored.receipt && !missingEvents && !missingReplay) {
        q.resolve('duplicate');
        return null;
      }
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
